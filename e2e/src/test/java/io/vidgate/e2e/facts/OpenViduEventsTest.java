package io.vidgate.e2e.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules the e2e tests hold the broker's facts to, checked on what openvidu-server 2.32.1 itself posted: an
 * expectation OpenVidu does not meet would fail Vidgate for being like OpenVidu.
 */
class OpenViduEventsTest {

    @Test
    void everyRecordingOfOpenViduKeepsTheTimeRelations() {
        for (String scenario : List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")) {
            List<JsonNode> recorded = OpenViduEvents.recorded(scenario);
            assertThat(recorded).as(scenario).isNotEmpty();
            OpenViduEvents.assertTimesRelate(recorded);
        }
    }

    @Test
    void anEndWhoseStartTimeIsNotItsStartsTimestampIsCaught() {
        List<JsonNode> recorded = OpenViduEvents.recorded("a");
        ObjectNode left = (ObjectNode) recorded.stream()
                .filter(event -> "participantLeft".equals(event.path("event").asString())).findFirst().orElseThrow();
        left.put("startTime", left.path("startTime").asLong() + 1);

        assertThatThrownBy(() -> OpenViduEvents.assertTimesRelate(recorded)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("participantLeft");
    }

    @Test
    void theLinesOfTheEndToEndRecordingNameWhoDidWhat() {
        List<JsonNode> recorded = OpenViduEvents.recorded("i");

        assertThat(OpenViduEvents.lines(recorded, OpenViduEvents.namesByJoinOrder(recorded, "A", "B"))).containsExactly(
                "sessionCreated",
                "participantJoined A",
                "webrtcConnectionCreated A OUTBOUND",
                "participantJoined B",
                "webrtcConnectionCreated B INBOUND from A",
                "webrtcConnectionCreated B OUTBOUND",
                "webrtcConnectionCreated A INBOUND from B",
                "webrtcConnectionDestroyed A INBOUND from B disconnect",
                "webrtcConnectionDestroyed B INBOUND from A disconnect",
                "webrtcConnectionDestroyed B OUTBOUND disconnect",
                "participantLeft B disconnect",
                "webrtcConnectionDestroyed A OUTBOUND disconnect",
                "participantLeft A disconnect",
                "sessionDestroyed lastParticipantLeft");
    }
}
