package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.vidgate.broker.facts.Fact.RecordingStatusChanged;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.emulator.KurentoEmulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Kurento goes away in the middle of a recording: the recording stops ({@code mediaServerDisconnect}) and ends
 * {@code failed}, its files kept and downloadable; the session can be recorded again once Kurento is back.
 */
@TestPropertySource(properties = {"vidgate.recording.enabled=true", "vidgate.kurento.liveness-interval=300ms",
        "vidgate.kurento.liveness-timeout=1s", "vidgate.kurento.loss-after=2s"})
class RecordingKmsLossTest extends ApiTestSupport {

    static Path folder;

    @DynamicPropertySource
    static void recordingsFolder(DynamicPropertyRegistry registry) throws IOException {
        folder = Files.createTempDirectory("vidgate-recordings-kms-loss");
        registry.add("vidgate.recording.path", folder::toString);
    }

    @Autowired
    KurentoEmulator kms;

    @Autowired
    KmsPool pool;

    @Test
    void aRecordingAcrossAKmsLossEndsFailedWithItsFilesKept() throws Exception {
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        String sessionId = newSession();
        String connectionId = newConnection(sessionId, "{}").get("connectionId").stringValue();
        join(sessionId, connectionId);
        publish(sessionId, connectionId);
        BrokerApi.Response started = api.post("/openvidu/api/recordings/start",
                "{\"session\":\"" + sessionId + "\",\"outputMode\":\"INDIVIDUAL\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);

        kms.restart(); // every object gone, a new server session

        RecordingStatusChanged stopped = facts.await(RecordingStatusChanged.class,
                changed -> changed.sessionId().equals(sessionId) && changed.status().equals("stopped"));
        assertThat(stopped.reason().wireName()).isEqualTo("mediaServerDisconnect");
        RecordingStatusChanged failed = facts.await(RecordingStatusChanged.class,
                changed -> changed.sessionId().equals(sessionId) && changed.status().equals("failed"));
        assertThat(failed.recording().id()).isEqualTo(sessionId);
        JsonNode recording = api.get("/openvidu/api/recordings/" + sessionId).json();
        assertThat(recording.get("status").stringValue()).isEqualTo("failed");
        assertThat(recording.get("url").stringValue()).endsWith("/openvidu/recordings/" + sessionId + "/" + sessionId
                + ".zip");
        assertThat(folder.resolve(sessionId).resolve(sessionId + ".zip")).exists();
        assertThat(Files.readString(folder.resolve(sessionId).resolve(".recording." + sessionId)))
                .contains("\"failure\":\"Kurento went away");
        assertThat(api.get("/openvidu/api/sessions/" + sessionId).json().get("recording").booleanValue()).isFalse();
    }
}
