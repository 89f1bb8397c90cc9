package io.vidgate.broker.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.Fact.Participant;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;

/**
 * A CDR line is what openvidu-server 2.32.1's {@code CDRLoggerFile} writes for the same event: its webhook body without
 * {@code event}, under the event's name, byte for byte — then Vidgate's {@code role}.
 */
class CdrLineTest {

    /** openvidu-server's CDR line for a webhook body it posted: {@code {"<event>":<the body without event>}}. */
    private static String openViduCdrLine(String recordedBody) {
        String event = RecordedOpenViduBodies.json(recordedBody).get("event").asString();
        String suffix = ",\"event\":\"" + event + "\"}";
        assertThat(recordedBody).as("OpenVidu adds event last to toJson()").endsWith(suffix);
        return "{\"" + event + "\":" + recordedBody.substring(0, recordedBody.length() - suffix.length()) + "}}";
    }

    @Test
    void everyBodyOpenViduPostedIsTheCdrLineItWouldHaveWritten() throws Exception {
        List<String> bodies = RecordedOpenViduBodies.all();
        assertThat(bodies).hasSizeGreaterThan(90);

        for (String body : bodies) {
            String line = CdrLine.of(RecordedOpenViduBodies.asFact(body));
            String openVidus = openViduCdrLine(body);
            if (body.contains("\"event\":\"participant")) {
                assertThat(line).as(body).isEqualTo(openVidus.substring(0, openVidus.length() - 2)
                        + ",\"role\":\"PUBLISHER\"}}");
            } else {
                assertThat(line).as(body).isEqualTo(openVidus);
            }
        }
    }

    @Test
    void anEndingEventHasItsStartDurationAndReasonRightAfterItsTimestamp() {
        Participant moderator = new Participant("con_M", 1_000, Role.MODERATOR, "unknown", "203.0.113.7",
                "Firefox 128", "{\"name\":\"m\"}", "backend");
        String line = CdrLine.of(new Fact.ParticipantLeft("ses_S", 900, moderator, 4_500,
                EndReason.FORCE_DISCONNECT_BY_SERVER));

        assertThat(line).isEqualTo("{\"participantLeft\":{\"sessionId\":\"ses_S\",\"uniqueSessionId\":\"ses_S_900\","
                + "\"timestamp\":4500,\"startTime\":1000,\"duration\":3,\"reason\":\"forceDisconnectByServer\","
                + "\"participantId\":\"con_M\",\"connectionId\":\"con_M\",\"location\":\"unknown\","
                + "\"ip\":\"203.0.113.7\",\"platform\":\"Firefox 128\",\"clientData\":\"{\\\"name\\\":\\\"m\\\"}\","
                + "\"serverData\":\"backend\",\"role\":\"MODERATOR\"}}");
    }

    @Test
    void aLostMediaServerIsVidgatesOwnLine() {
        String line = CdrLine.of(new Fact.MediaServerLost(5_000, "ws://kms-1:8888/kurento", "restarted",
                List.of("ses_A", "ses_B")));

        assertThat(line).isEqualTo("{\"mediaServerLost\":{\"timestamp\":5000,\"mediaServer\":\"ws://kms-1:8888/kurento\","
                + "\"why\":\"restarted\",\"sessionIds\":[\"ses_A\",\"ses_B\"]}}");
    }
}
