package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipInputStream;

import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingProperties;
import io.vidgate.broker.facts.Fact.RecordingStatusChanged;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * OpenVidu's recordings API on the broker with recording on, the recordings' media on the in-process kurento-emulator
 * through the real Kurento side ({@code KurentoRecordingMedia}): what openvidu-java-client 2.32.1 reads, every
 * refusal with openvidu-server's code, the facts and notifications, the download.
 */
@TestPropertySource(properties = {"vidgate.recording.enabled=true", "vidgate.recording.autostop-timeout=1s"})
class RecordingsApiTest extends ApiTestSupport {

    static Path folder;

    @DynamicPropertySource
    static void recordingsFolder(DynamicPropertyRegistry registry) throws IOException {
        folder = Files.createTempDirectory("vidgate-recordings-test");
        registry.add("vidgate.recording.path", folder::toString);
    }

    /** A session where a publisher (default role) publishes; its id. */
    private String sessionWithAPublisher(String connectionBody) {
        String sessionId = newSession();
        String connectionId = newConnection(sessionId, connectionBody).get("connectionId").stringValue();
        join(sessionId, connectionId);
        publish(sessionId, connectionId);
        return sessionId;
    }

    private String onlyConnection(String sessionId) {
        return rooms.session(sessionId).orElseThrow().connections().get(0).id();
    }

    private JsonNode awaitStatus(String recordingId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        BrokerApi.Response last;
        do {
            last = api.get("/openvidu/api/recordings/" + recordingId);
            if (last.status() == 200 && last.json().get("status").stringValue().equals(status)) {
                return last.json();
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("recording " + recordingId + " not " + status + " after 20 s: " + last);
    }

    @Test
    void openViduJavaClientStartsStopsReadsListsAndDeletesRecordings() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        OpenVidu openVidu = new OpenVidu("http://127.0.0.1:" + port, SECRET);

        Recording started = openVidu.startRecording(sessionId, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).build());
        assertThat(started.getId()).isEqualTo(sessionId);
        assertThat(started.getName()).as("no name: the id").isEqualTo(sessionId);
        assertThat(started.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.INDIVIDUAL);
        assertThat(started.getUrl()).isNull();
        assertThat(openVidu.getActiveSession(sessionId)).isNull(); // not fetched yet
        openVidu.fetch();
        assertThat(openVidu.getActiveSession(sessionId).isBeingRecorded()).isTrue();

        Recording stopped = openVidu.stopRecording(sessionId);
        assertThat(stopped.getStatus()).isEqualTo(Recording.Status.stopped);
        awaitStatus(sessionId, "ready");
        Recording ready = openVidu.getRecording(sessionId);
        assertThat(ready.getStatus()).isEqualTo(Recording.Status.ready);
        assertThat(ready.getUrl()).isEqualTo("http://127.0.0.1:" + port + "/openvidu/recordings/" + sessionId + "/"
                + sessionId + ".zip");
        assertThat(ready.getDuration()).isGreaterThanOrEqualTo(0);
        assertThat(folder.resolve(sessionId).resolve(sessionId + ".zip")).exists();
        openVidu.fetch();
        assertThat(openVidu.getActiveSession(sessionId).isBeingRecorded()).isFalse();

        Recording second = openVidu.startRecording(sessionId, new RecordingProperties.Builder().name("take-2")
                .outputMode(Recording.OutputMode.INDIVIDUAL).build());
        assertThat(second.getId()).isEqualTo(sessionId + "~1");
        assertThat(second.getName()).isEqualTo("take-2");
        openVidu.stopRecording(second.getId());
        awaitStatus(second.getId(), "ready");
        assertThat(openVidu.listRecordings()).extracting(Recording::getId).contains(sessionId, sessionId + "~1");

        openVidu.deleteRecording(sessionId);
        assertThat(folder.resolve(sessionId)).doesNotExist();
        assertThatHttpStatus(() -> openVidu.getRecording(sessionId), 404);
        assertThatHttpStatus(() -> openVidu.deleteRecording(sessionId), 404);

        List<String> statuses = facts.of(sessionId).stream().filter(RecordingStatusChanged.class::isInstance)
                .map(RecordingStatusChanged.class::cast)
                .filter(changed -> changed.recording().id().equals(sessionId))
                .map(changed -> changed.status() + (changed.reason() == null ? "" : " " + changed.reason().wireName()))
                .toList();
        assertThat(statuses).containsExactly("started", "stopped recordingStoppedByServer",
                "ready recordingStoppedByServer");
        assertThat(links.get(onlyConnection(sessionId)).told()).contains("recordingStarted " + sessionId + " " + sessionId,
                "recordingStopped " + sessionId + " " + sessionId + " recordingStoppedByServer",
                "recordingStarted " + sessionId + "~1 take-2");
    }

    @Test
    void theRecordingJsonHasOpenViduServersFieldsInItsOrder() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        BrokerApi.Response started = api.post("/openvidu/api/recordings/start",
                "{\"session\":\"" + sessionId + "\",\"outputMode\":\"COMPOSED_QUICK_START\",\"resolution\":\"640x480\","
                        + "\"frameRate\":15,\"recordingLayout\":\"CUSTOM\",\"customLayout\":\"mine.html\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        JsonNode json = started.json();
        assertThat(json.propertyNames()).containsExactly("id", "object", "name", "outputMode", "resolution", "frameRate",
                "recordingLayout", "customLayout", "sessionId", "createdAt", "size", "duration", "url", "hasAudio",
                "hasVideo", "status");
        assertThat(json.get("outputMode").stringValue()).as("recorded as COMPOSED").isEqualTo("COMPOSED");
        assertThat(json.get("resolution").stringValue()).isEqualTo("640x480");
        assertThat(json.get("frameRate").intValue()).isEqualTo(15);
        assertThat(json.get("url").isNull()).isTrue();
        assertThat(api.get("/openvidu/api/sessions/" + sessionId).json().get("recording").booleanValue()).isTrue();
        Recording parsed = new OpenVidu("http://127.0.0.1:" + port, SECRET).getRecording(sessionId);
        assertThat(parsed.getOutputMode()).isEqualTo(Recording.OutputMode.COMPOSED);
        assertThat(parsed.getResolution()).isEqualTo("640x480");
        assertThat(parsed.getFrameRate()).isEqualTo(15);
        assertThat(parsed.getRecordingLayout()).isEqualTo(RecordingLayout.CUSTOM);
        assertThat(parsed.getCustomLayout()).isEqualTo("mine.html");
        assertThat(parsed.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(api.post("/openvidu/api/recordings/stop/" + sessionId, null).status()).isEqualTo(200);

        String audioOnly = sessionWithAPublisher("{}");
        JsonNode audio = api.post("/openvidu/api/recordings/start", "{\"session\":\"" + audioOnly
                + "\",\"hasVideo\":false}").json();
        assertThat(audio.propertyNames()).containsExactly("id", "object", "name", "outputMode", "sessionId", "createdAt",
                "size", "duration", "url", "hasAudio", "hasVideo", "status");
        assertThat(api.post("/openvidu/api/recordings/stop/" + audioOnly, null).status()).isEqualTo(200);
    }

    @Test
    void theConfigurationSaysRecordingIsOnWithOpenViduServersNames() {
        JsonNode config = api.get("/openvidu/api/config").json();
        assertThat(config.get("OPENVIDU_RECORDING").booleanValue()).isTrue();
        assertThat(config.get("OPENVIDU_RECORDING_PATH").stringValue()).isEqualTo(folder.toAbsolutePath() + "/");
        assertThat(config.get("OPENVIDU_RECORDING_NOTIFICATION").stringValue()).isEqualTo("publisher_moderator");
        assertThat(config.get("OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT").intValue()).isEqualTo(1);
        assertThat(api.get("/openvidu/api/config/openvidu-recording").body()).isEqualTo("true");
    }

    @Test
    void everyRefusalHasOpenViduServersCode() throws Exception {
        assertErrorBody(api.post("/openvidu/api/recordings/start", "{}"), 400, "/openvidu/api/recordings/start");
        assertErrorBody(api.post("/openvidu/api/recordings/start", "{\"session\":1}"), 400,
                "/openvidu/api/recordings/start");
        assertErrorBody(api.post("/openvidu/api/recordings/start", "{\"session\":\"nope\"}"), 404,
                "/openvidu/api/recordings/start");
        String empty = newSession();
        assertThat(api.post("/openvidu/api/recordings/start", "{\"session\":\"" + empty + "\"}").status())
                .as("nobody connected").isEqualTo(406);
        String connectionId = newConnection(empty, "{}").get("connectionId").stringValue();
        join(empty, connectionId);
        assertThat(api.post("/openvidu/api/recordings/start", "{\"session\":\"" + empty + "\"}").status())
                .as("connected, nobody publishing").isEqualTo(406);

        String sessionId = sessionWithAPublisher("{}");
        String start = "{\"session\":\"" + sessionId + "\"";
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"hasAudio\":false,\"hasVideo\":false}")
                .status()).isEqualTo(422);
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"resolution\":\"99x99\"}").status())
                .isEqualTo(422);
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"frameRate\":121}").status()).isEqualTo(422);
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"outputMode\":\"SIDE_BY_SIDE\"}").status())
                .isEqualTo(400);
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"name\":\"a b\"}").status()).isEqualTo(400);
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"hasAudio\":\"yes\"}").status())
                .isEqualTo(400);

        assertThat(api.post("/openvidu/api/recordings/start", start + "}").status()).isEqualTo(200);
        assertErrorBody(api.post("/openvidu/api/recordings/start", start + "}"), 409, "/openvidu/api/recordings/start");
        assertThat(api.post("/openvidu/api/recordings/start", start + ",\"resolution\":\"99x99\"}").status())
                .as("being recorded wins over bad parameters, as in openvidu-server").isEqualTo(409);
        assertErrorBody(api.delete("/openvidu/api/recordings/" + sessionId), 409, "/openvidu/api/recordings/" + sessionId);

        assertThat(api.post("/openvidu/api/recordings/stop/" + sessionId, null).status()).isEqualTo(200);
        assertErrorBody(api.post("/openvidu/api/recordings/stop/" + sessionId, null), 409,
                "/openvidu/api/recordings/stop/" + sessionId);
        assertErrorBody(api.post("/openvidu/api/recordings/stop/nope", null), 404, "/openvidu/api/recordings/stop/nope");
        assertErrorBody(api.get("/openvidu/api/recordings/nope"), 404, "/openvidu/api/recordings/nope");
        assertErrorBody(api.delete("/openvidu/api/recordings/nope"), 404, "/openvidu/api/recordings/nope");
        awaitStatus(sessionId, "ready");
        assertThat(api.delete("/openvidu/api/recordings/" + sessionId).status()).isEqualTo(204);
    }

    @Test
    void closingTheSessionStopsItsRecordingBeforeThePipelineGoes() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        assertThat(api.post("/openvidu/api/recordings/start", "{\"session\":\"" + sessionId
                + "\",\"outputMode\":\"INDIVIDUAL\"}").status()).isEqualTo(200);

        assertThat(api.delete("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(204);

        RecordingStatusChanged stopped = facts.await(RecordingStatusChanged.class,
                changed -> changed.sessionId().equals(sessionId) && changed.status().equals("stopped"));
        assertThat(stopped.reason().wireName()).isEqualTo("sessionClosedByServer");
        JsonNode ready = awaitStatus(sessionId, "ready");
        assertThat(ready.get("url").stringValue()).endsWith("/openvidu/recordings/" + sessionId + "/" + sessionId + ".zip");
    }

    @Test
    void theLastParticipantLeavingStopsTheRecordingAsLastParticipantLeft() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        assertThat(api.post("/openvidu/api/recordings/start", "{\"session\":\"" + sessionId
                + "\",\"outputMode\":\"INDIVIDUAL\"}").status()).isEqualTo(200);

        rooms.existing(sessionId).leave(onlyConnection(sessionId), EndReason.DISCONNECT);

        RecordingStatusChanged stopped = facts.await(RecordingStatusChanged.class,
                changed -> changed.sessionId().equals(sessionId) && changed.status().equals("stopped"));
        assertThat(stopped.reason().wireName()).isEqualTo("lastParticipantLeft");
        awaitStatus(sessionId, "ready");
    }

    @Test
    void nobodyPublishingForTheAutostopTimeoutStopsTheRecordingAsAutomaticStop() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        String connectionId = onlyConnection(sessionId);
        assertThat(api.post("/openvidu/api/recordings/start", "{\"session\":\"" + sessionId
                + "\",\"outputMode\":\"INDIVIDUAL\"}").status()).isEqualTo(200);

        rooms.existing(sessionId).unpublish(connectionId);
        publish(sessionId, connectionId); // within the second: the countdown is cancelled
        Thread.sleep(1500);
        assertThat(api.get("/openvidu/api/recordings/" + sessionId).json().get("status").stringValue())
                .isEqualTo("started");

        long unpublishedAt = System.nanoTime();
        rooms.existing(sessionId).unpublish(connectionId); // again: a new countdown

        RecordingStatusChanged stopped = facts.await(RecordingStatusChanged.class,
                changed -> changed.sessionId().equals(sessionId) && changed.status().equals("stopped"));
        assertThat(stopped.reason().wireName()).isEqualTo("automaticStop");
        assertThat(Duration.ofNanos(System.nanoTime() - unpublishedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(rooms.session(sessionId)).as("the participant is still there").isPresent();
    }

    @Test
    void recordingModeAlwaysStartsAtTheFirstPublishAndStopsWithTheSession() throws Exception {
        BrokerApi.Response created = api.post("/openvidu/api/sessions", "{\"recordingMode\":\"ALWAYS\","
                + "\"defaultRecordingProperties\":{\"outputMode\":\"INDIVIDUAL\",\"name\":\"always\"}}");
        String sessionId = created.json().get("id").stringValue();
        String connectionId = newConnection(sessionId, "{}").get("connectionId").stringValue();
        join(sessionId, connectionId);
        assertThat(api.get("/openvidu/api/recordings/" + sessionId).status()).as("nobody published yet").isEqualTo(404);

        publish(sessionId, connectionId);

        JsonNode started = awaitStatus(sessionId, "started");
        assertThat(started.get("name").stringValue()).isEqualTo("always");
        assertThat(started.get("outputMode").stringValue()).isEqualTo("INDIVIDUAL");
        assertThat(api.delete("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(204);
        awaitStatus(sessionId, "ready");

        // Stopped through the REST API, an ALWAYS session is not recorded again by itself (openvidu-server's
        // recordingManuallyStopped).
        String again = api.post("/openvidu/api/sessions", "{\"recordingMode\":\"ALWAYS\","
                + "\"defaultRecordingProperties\":{\"outputMode\":\"INDIVIDUAL\"}}").json().get("id").stringValue();
        String publisher = newConnection(again, "{}").get("connectionId").stringValue();
        join(again, publisher);
        publish(again, publisher);
        awaitStatus(again, "started");
        assertThat(api.post("/openvidu/api/recordings/stop/" + again, null).status()).isEqualTo(200);
        rooms.existing(again).unpublish(publisher);
        publish(again, publisher);
        Thread.sleep(500);
        assertThat(api.get("/openvidu/api/recordings/" + again + "~1").status()).isEqualTo(404);
        assertThat(api.get("/openvidu/api/sessions/" + again).json().get("recording").booleanValue()).isFalse();
    }

    @Test
    void theDownloadAnswersRangesAndNothingOutsideTheRecording() throws Exception {
        String sessionId = sessionWithAPublisher("{}");
        api.post("/openvidu/api/recordings/start", "{\"session\":\"" + sessionId + "\",\"outputMode\":\"INDIVIDUAL\"}");
        api.post("/openvidu/api/recordings/stop/" + sessionId, null);
        String url = awaitStatus(sessionId, "ready").get("url").stringValue();
        String path = url.substring(url.indexOf("/openvidu/recordings/"));
        Path zip = folder.resolve(sessionId).resolve(sessionId + ".zip");
        long length = Files.size(zip);
        Map<String, Long> entries = new LinkedHashMap<>();
        try (ZipInputStream unzip = new ZipInputStream(Files.newInputStream(zip))) {
            for (var entry = unzip.getNextEntry(); entry != null; entry = unzip.getNextEntry()) {
                entries.put(entry.getName(), (long) unzip.readAllBytes().length);
            }
        }
        String streamFile = rooms.session(sessionId).orElseThrow().connections().get(0).publishers().get(0).streamId()
                + ".webm";
        assertThat(entries.keySet()).as("the stream's file, then the streams' metadata, as openvidu-server's zip")
                .containsExactly(streamFile, sessionId + ".json");
        assertThat(entries.get(streamFile)).as("what the emulator's recorder wrote").isPositive();

        BrokerApi.Response whole = api.get(path);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        BrokerApi.Response part = api.send("GET", path, null, Map.of("Range", "bytes=0-3"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 0-3/" + length);
        assertThat(part.body()).isEqualTo("PK\u0003\u0004");
        BrokerApi.Response pastTheEnd = api.send("GET", path, null, Map.of("Range", "bytes=" + (length + 10) + "-"));
        assertThat(pastTheEnd.status()).isEqualTo(416);
        assertThat(pastTheEnd.header("Content-Range")).as("RFC 9110: the size, for the client's next try")
                .isEqualTo("bytes */" + length);
        assertThat(api.sendAs(null, "GET", path, null, Map.of()).status()).isEqualTo(401);

        Files.writeString(folder.resolve("outside.txt"), "secret");
        for (String traversal : List.of("/openvidu/recordings/" + sessionId + "/..%2Foutside.txt",
                "/openvidu/recordings/" + sessionId + "/%2E%2E%2F%2E%2E%2Foutside.txt",
                "/openvidu/recordings/" + sessionId + "/.recording." + sessionId,
                "/openvidu/recordings/..%2F" + sessionId + "/outside.txt",
                "/openvidu/recordings/" + sessionId + "/missing.zip")) {
            BrokerApi.Response refused = api.get(traversal);
            assertThat(refused.status()).as(traversal).isIn(400, 404);
            assertThat(refused.body()).as(traversal).doesNotContain("secret").doesNotContain("\"status\":\"ready\"");
        }
        assertThat(api.get("/openvidu/recordings/" + sessionId + "/..%2Foutside.txt").status()).isEqualTo(404);
    }

    private static void assertThatHttpStatus(ThrowingCall call, int status) {
        try {
            call.run();
            throw new AssertionError("expected HTTP " + status);
        } catch (OpenViduHttpException refused) {
            assertThat(refused.getStatus()).isEqualTo(status);
        } catch (Exception other) {
            throw new AssertionError(other);
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

}
