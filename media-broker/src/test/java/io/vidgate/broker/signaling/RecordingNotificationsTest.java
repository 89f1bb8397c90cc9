package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What openvidu-browser hears of a recording over its socket: {@code recordingStarted {id, name}} and
 * {@code recordingStopped {id, name, reason}} for the roles {@code vidgate.recording.notification} names (publishers
 * and moderators by default), and a joinRoom answer naming the recording under way.
 */
@TestPropertySource(properties = "vidgate.recording.enabled=true")
class RecordingNotificationsTest extends SignalingEndToEndSupport {

    @DynamicPropertySource
    static void recordingsFolder(DynamicPropertyRegistry registry) throws IOException {
        String folder = Files.createTempDirectory("vidgate-recordings-notifications").toString();
        registry.add("vidgate.recording.path", () -> folder);
    }

    @Test
    void publishersAndModeratorsAreToldAndJoinersLearnOfTheRecordingUnderWay() throws Exception {
        String session = newSession();
        OpenViduTestClient publisher = join(session, Role.PUBLISHER);
        OpenViduTestClient subscriber = join(session, Role.SUBSCRIBER);
        publisher.publish(PUBLISH_OFFER);

        Http started = rest("POST", "/openvidu/api/recordings/start", "{\"session\":\"" + session
                + "\",\"name\":\"standup\",\"outputMode\":\"INDIVIDUAL\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        JsonNode recordingStarted = publisher.awaitNotification("recordingStarted");
        assertThat(recordingStarted.get("id").stringValue()).isEqualTo(session);
        assertThat(recordingStarted.get("name").stringValue()).isEqualTo("standup");

        Grant moderator = newConnection(session, Role.MODERATOR);
        OpenViduTestClient late = open();
        JsonNode answer = late.joinRoom(moderator.tokenUrl(), session);
        assertThat(answer.get("result").get("recordingId").stringValue()).isEqualTo(session);
        assertThat(answer.get("result").get("recordingName").stringValue()).isEqualTo("standup");
        Grant another = newConnection(session, Role.SUBSCRIBER);
        JsonNode subscriberAnswer = open().joinRoom(another.tokenUrl(), session);
        assertThat(subscriberAnswer.get("result").has("recordingId")).as("subscribers are not told").isFalse();

        assertThat(rest("POST", "/openvidu/api/recordings/stop/" + session, null).status()).isEqualTo(200);

        for (OpenViduTestClient told : new OpenViduTestClient[] {publisher, late}) {
            JsonNode stopped = told.awaitNotification("recordingStopped");
            assertThat(stopped.get("id").stringValue()).isEqualTo(session);
            assertThat(stopped.get("name").stringValue()).isEqualTo("standup");
            assertThat(stopped.get("reason").stringValue()).isEqualTo("recordingStoppedByServer");
        }
        subscriber.awaitNotification("participantJoined", params -> true, Duration.ofSeconds(5));
        assertThat(subscriber.queued()).noneMatch(frame -> frame.contains("recording"));
    }
}
