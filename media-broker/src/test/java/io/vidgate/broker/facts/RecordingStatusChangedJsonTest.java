package io.vidgate.broker.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.broker.facts.Fact.Recording;
import io.vidgate.broker.facts.Fact.RecordingStatusChanged;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * recordingStatusChanged as openvidu-server 2.32.1 posts it (CDREvent, CDREventEnd, CDREventRecordingStatusChanged):
 * the end event's {@code duration} is the recording's, in seconds with a fraction; the layout fields only for a
 * COMPOSED recording with video; {@code reason} only once it stopped.
 */
class RecordingStatusChangedJsonTest {

    private static final Recording COMPOSED = new Recording("ses_A~1", "meeting", "COMPOSED", 1_000, "1280x720", 25,
            "BEST_FIT", null, true, true, 0, 0);

    @Test
    void aStartedComposedRecordingHasItsLayoutAndNoReason() {
        ObjectNode json = OpenViduEventJson.of(new RecordingStatusChanged("ses_A", 900, 1_200, COMPOSED, "started",
                null));

        assertThat(json.propertyNames()).containsExactlyInAnyOrder("event", "sessionId", "uniqueSessionId",
                "timestamp", "startTime", "id", "name", "outputMode", "resolution", "frameRate", "recordingLayout",
                "hasAudio", "hasVideo", "size", "duration", "status");
        assertThat(json.get("event").asString()).isEqualTo("recordingStatusChanged");
        assertThat(json.get("uniqueSessionId").asString()).isEqualTo("ses_A_900");
        assertThat(json.get("startTime").asLong()).isEqualTo(1_000);
        assertThat(json.get("resolution").asString()).isEqualTo("1280x720");
        assertThat(json.get("frameRate").asInt()).isEqualTo(25);
        assertThat(json.get("status").asString()).isEqualTo("started");
    }

    @Test
    void aReadyIndividualRecordingHasItsSizeDurationAndReasonButNoLayout() {
        Recording individual = new Recording("ses_A", "ses_A", "INDIVIDUAL", 1_000, null, null, null, null, true,
                true, 123_456, 12.34);
        ObjectNode json = OpenViduEventJson.of(new RecordingStatusChanged("ses_A", 900, 14_000, individual, "ready",
                EndReason.RECORDING_STOPPED_BY_SERVER));

        assertThat(json.has("resolution")).isFalse();
        assertThat(json.has("recordingLayout")).isFalse();
        assertThat(json.get("reason").asString()).isEqualTo("recordingStoppedByServer");
        assertThat(json.get("size").asLong()).isEqualTo(123_456);
        assertThat(json.get("duration").asDouble()).isEqualTo(12.34);
        assertThat(json.get("outputMode").asString()).isEqualTo("INDIVIDUAL");
    }

    @Test
    void aCustomLayoutIsNamedOnlyWhenItHasOne() {
        Recording custom = new Recording("ses_A", "ses_A", "COMPOSED", 1_000, "640x480", 30, "CUSTOM", "grid", false,
                true, 0, 0);
        Recording unnamed = new Recording("ses_A", "ses_A", "COMPOSED", 1_000, "640x480", 30, "CUSTOM", "", false,
                true, 0, 0);

        assertThat(OpenViduEventJson.of(new RecordingStatusChanged("ses_A", 900, 1_000, custom, "started", null))
                .get("customLayout").asString()).isEqualTo("grid");
        assertThat(OpenViduEventJson.of(new RecordingStatusChanged("ses_A", 900, 1_000, unnamed, "started", null))
                .has("customLayout")).isFalse();
    }
}
