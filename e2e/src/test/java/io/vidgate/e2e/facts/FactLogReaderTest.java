package io.vidgate.e2e.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The fact lines found in a broker log as Spring Boot's default console pattern prints it, and nothing else. */
class FactLogReaderTest {

    private static final String PREFIX = "2026-12-08T02:20:04.920Z  INFO 20237 --- [vidgate-media-broker] ";

    @Test
    void readsTheFactsOfTheEventLogInOrderAndSkipsOtherLines() {
        String log = String.join("\n",
                PREFIX + "[           main] i.vidgate.broker.MediaBrokerApplication  : Started in 3.1 s",
                PREFIX + "[  vidgate-facts-1] vidgate.facts                            : fact "
                        + "{\"event\":\"sessionCreated\",\"sessionId\":\"s1\",\"timestamp\":1}",
                PREFIX + "[ntLoopGroup-3-1] o.k.j.c.JsonRpcClientNettyWebSocket      : fact {not one of ours}",
                PREFIX + "[  vidgate-facts-1] vidgate.facts                            : fact "
                        + "{\"event\":\"participantJoined\",\"sessionId\":\"s1\",\"connectionId\":\"con_A\","
                        + "\"timestamp\":2}  ",
                "");

        List<JsonNode> facts = FactLogReader.parse(log);

        assertThat(OpenViduEvents.lines(facts, Map.of("con_A", "A")))
                .containsExactly("sessionCreated", "participantJoined A");
    }
}
