package io.vidgate.e2e.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Recording;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.vidgate.e2e.browser.BrowserStack;
import io.vidgate.e2e.browser.Chromium;
import io.vidgate.e2e.browser.Eventually;
import io.vidgate.e2e.browser.HarnessPage;
import io.vidgate.e2e.browser.OpenedPages;
import io.vidgate.e2e.recording.Ffprobe.Picture;
import io.vidgate.e2e.recording.Ffprobe.Probe;
import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import io.vidgate.turn.testing.RequiredBinaries;
import io.vidgate.turn.testing.RequiresPrograms;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recording as an OpenVidu 2 backend drives it with openvidu-java-client 2.32.1, while unmodified openvidu-browser
 * publishes Chromium's fake camera and microphone: start, stop, get, list, download and delete in both output modes,
 * every refusal with OpenVidu's status code, participants told through openvidu-browser's session events, and the
 * backend's webhook endpoint told through recordingStatusChanged. The files are checked as a user's player reads
 * them (ffprobe, ffmpeg): a VP8 video stream, frames, a duration within a second of the recorded time, a picture that
 * moves, and in a composed recording of two publishers both tiles.
 *
 * <p>The browser tests' stack ({@link BrowserStack}) records into {@link BrowserStack#recordings()}; these tests are
 * the only ones that record in it.
 */
@RequiresPrograms(debianPackage = "chromium chromium-driver coturn ffmpeg", programs = {Chromium.BROWSER,
        Chromium.DRIVER, RequiredBinaries.TURNSERVER, RequiredBinaries.TURNUTILS_UCLIENT, Ffprobe.FFMPEG,
        Ffprobe.FFPROBE})
@ExtendWith(BrowserStack.Extension.class)
class RecordingTest {

    /** Stopping to ready: Kurento finishing its files, the broker packing them. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** How far a file's duration may be from the recorded time, as the issue asks. */
    private static final double SECOND = 1.0;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static BrowserStack env;
    private static OpenVidu openVidu;
    @RegisterExtension
    final OpenedPages pages = new OpenedPages(() -> env);
    @TempDir
    Path downloads;

    @BeforeAll
    static void stack(BrowserStack stack) {
        env = stack;
        openVidu = stack.openVidu();
    }

    @Test
    void anIndividualRecordingHasOneWebmPerStreamEachFromItsOwnStartAndIsGoneOnceDeleted() throws Exception {
        String sessionId = newSessionId("individual");
        Session session = createSession(sessionId);
        HarnessPage alice = page("alice");
        String aliceId = alice.join(token(session), false);
        String aliceStream = alice.publish();
        awaitSending(alice);

        long startedAt = System.currentTimeMillis();
        Recording started = openVidu.startRecording(sessionId, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).name("individual").build());
        String id = started.getId();
        assertThat(started.getStatus()).as("status of the started recording %s", id)
                .isEqualTo(Recording.Status.started);
        assertThat(started.getSessionId()).isEqualTo(sessionId);
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.INDIVIDUAL);
        assertThat(started.getName()).isEqualTo("individual");
        alice.awaitEvent("recordingStarted", "id", id, "name", "individual");
        session.fetch();
        assertThat(session.isBeingRecorded()).as("the session's recording flag while recorded").isTrue();

        // One recording per session at a time, and a started recording cannot be deleted.
        assertRefused(409, "a second start", () -> openVidu.startRecording(sessionId, new RecordingProperties.Builder()
                .outputMode(Recording.OutputMode.INDIVIDUAL).build()));
        assertRefused(409, "deleting the started recording", () -> openVidu.deleteRecording(id));
        assertThat(openVidu.getRecording(id).getStatus()).isEqualTo(Recording.Status.started);

        // Bob publishes two seconds into the recording: his stream is recorded from then on, in a file of its own.
        sleepUntil(startedAt + 2000);
        HarnessPage bob = page("bob");
        String bobId = bob.join(token(session), false);
        // A late joiner hears of the recording under way, as openvidu-browser tells it from the joinRoom answer.
        bob.awaitEvent("recordingStarted", "id", id);
        long bobPublishing = System.currentTimeMillis();
        String bobStream = bob.publish();
        awaitSending(bob);
        sleepUntil(System.currentTimeMillis() + 4000);

        long stoppedAt = System.currentTimeMillis();
        Recording stopped = openVidu.stopRecording(id);
        assertThat(stopped.getStatus()).as("status of the stopped recording").isEqualTo(Recording.Status.stopped);
        assertRefused(409, "stopping it again", () -> openVidu.stopRecording(id));
        alice.awaitEvent("recordingStopped", "id", id, "reason", "recordingStoppedByServer");
        session.fetch();
        assertThat(session.isBeingRecorded()).as("the session's recording flag once stopped").isFalse();

        Recording ready = awaitReady(id);
        assertThat(ready.getDuration()).as("duration of %s against the test's clock from start to stop", id)
                .isCloseTo((stoppedAt - startedAt) / 1000.0, within(SECOND));
        assertThat(ready.getSize()).as("size of %s", id).isPositive();
        assertThat(openVidu.listRecordings()).as("listRecordings").anySatisfy(listed -> {
            assertThat(listed.getId()).isEqualTo(id);
            assertThat(listed.getStatus()).isEqualTo(Recording.Status.ready);
        });
        assertNothingRecordingOnKurento();

        // OpenVidu's zip: one file per stream, and a JSON of the streams naming each file.
        HttpResponse<byte[]> whole = download(ready.getUrl(), 200);
        assertThat(whole.headers().firstValue("Accept-Ranges")).as("Accept-Ranges of the download").hasValue("bytes");
        byte[] zip = whole.body();
        Map<String, Path> files = unzip(zip);
        List<String> webms = files.keySet().stream().filter(name -> name.endsWith(".webm")).toList();
        List<String> jsons = files.keySet().stream().filter(name -> name.endsWith(".json")).toList();
        assertThat(webms).as("webm files in %s (%s)", ready.getUrl(), files.keySet()).hasSize(2);
        assertThat(jsons).as("stream metadata in %s (%s)", ready.getUrl(), files.keySet()).hasSize(1);
        JsonNode metadata = JSON.readTree(Files.readString(files.get(jsons.get(0))));
        assertThat(metadata.path("id").asString()).isEqualTo(id);
        assertThat(metadata.path("sessionId").asString()).isEqualTo(sessionId);
        Map<String, JsonNode> streams = new LinkedHashMap<>();
        metadata.path("files").forEach(file -> streams.put(file.path("streamId").asString(), file));
        assertThat(streams.keySet()).as("streams in %s", metadata).containsExactlyInAnyOrder(aliceStream, bobStream);
        assertThat(streams.get(aliceStream).path("connectionId").asString()).isEqualTo(aliceId);
        assertThat(streams.get(bobStream).path("connectionId").asString()).isEqualTo(bobId);
        assertThat(streams.values().stream().map(file -> file.path("name").asString()))
                .as("files named in %s", metadata).containsExactlyInAnyOrderElementsOf(webms);

        JsonNode aliceFile = streams.get(aliceStream);
        JsonNode bobFile = streams.get(bobStream);
        assertThat(aliceFile.path("startTimeOffset").asLong()).as("Alice's stream, published before the start, "
                + "is recorded from the start: %s", aliceFile).isLessThan(1000);
        assertThat(bobFile.path("startTimeOffset").asLong()).as("Bob's stream is recorded from its publish: %s",
                bobFile).isBetween(bobPublishing - ready.getCreatedAt() - 500, stoppedAt - ready.getCreatedAt());
        Probe aliceProbe = assertPlayableVideo(files.get(aliceFile.path("name").asString()), spanOf(aliceFile));
        Probe bobProbe = assertPlayableVideo(files.get(bobFile.path("name").asString()), spanOf(bobFile));
        assertThat(aliceProbe.duration() - bobProbe.duration()).as("Alice's file is longer than Bob's by the two "
                + "seconds he published later").isGreaterThan(1.0);

        // Range requests, as a player seeking in the download (or a resumed download) sends them.
        HttpResponse<byte[]> range = download(ready.getUrl(), 206, "Range", "bytes=100-1099");
        assertThat(range.headers().firstValue("Content-Range")).as("Content-Range")
                .hasValue("bytes 100-1099/" + zip.length);
        assertThat(range.body()).as("the bytes of the range").isEqualTo(Arrays.copyOfRange(zip, 100, 1100));
        download(ready.getUrl(), 416, "Range", "bytes=" + zip.length + "-");
        assertThat(send(HttpRequest.newBuilder(downloadUri(ready.getUrl()))).statusCode())
                .as("the download without the admin credentials").isEqualTo(401);

        assertThat(filesUnderRecordingsNaming(id)).as("files of %s in the recording path", id).isNotEmpty();
        openVidu.deleteRecording(id);
        assertRefused(404, "getRecording once deleted", () -> openVidu.getRecording(id));
        assertThat(openVidu.listRecordings()).extracting(Recording::getId).doesNotContain(id);
        assertThat(filesUnderRecordingsNaming(id)).as("files of %s in the recording path once deleted", id).isEmpty();
        download(ready.getUrl(), 404);

        assertRecordingWebhooks(sessionId, ready);
    }

    @Test
    void aComposedRecordingOfTwoPublishersShowsBothTilesAndAnAudioOnlyOneHasNoVideo() throws Exception {
        String sessionId = newSessionId("composed");
        Session session = createSession(sessionId);
        HarnessPage alice = page("alice");
        alice.join(token(session), false);
        alice.publish();
        HarnessPage bob = page("bob");
        bob.join(token(session), false);
        bob.publish();
        awaitSending(alice);
        awaitSending(bob);

        // OpenVidu's bounds: 100x100 to 1999x1999.
        assertRefused(422, "resolution 99x99", () -> openVidu.startRecording(sessionId, composed(true)
                .resolution("99x99").build()));

        long startedAt = System.currentTimeMillis();
        Recording started = openVidu.startRecording(sessionId, composed(true).resolution("640x480").frameRate(15)
                .build());
        String id = started.getId();
        assertThat(started.getStatus()).isEqualTo(Recording.Status.started);
        assertThat(started.getOutputMode()).isEqualTo(Recording.OutputMode.COMPOSED);
        assertThat(started.getResolution()).isEqualTo("640x480");
        alice.awaitEvent("recordingStarted", "id", id);
        bob.awaitEvent("recordingStarted", "id", id);
        sleepUntil(startedAt + 5000);
        long stoppedAt = System.currentTimeMillis();
        openVidu.stopRecording(id);
        Recording ready = awaitReady(id);
        assertThat(ready.getDuration()).isCloseTo((stoppedAt - startedAt) / 1000.0, within(SECOND));
        assertNothingRecordingOnKurento();

        Path grid = save(ready.getUrl(), ".webm");
        Probe probe = assertPlayableVideo(grid, ready.getDuration());
        Ffprobe.Stream video = probe.video().get(0);
        assertThat(video.width() + "x" + video.height()).as("the grid's size: the resolution asked for")
                .isEqualTo("640x480");
        assertThat(probe.audio()).as("the mixed audio in %s", probe).hasSize(1);
        Picture picture = Ffprobe.picture(grid, probe.duration() / 2, 640, 480);
        // Two publishers side by side; each tile a moving test pattern, letterboxed in its half.
        assertThat(picture.deviation(0, 320, 120, 360)).as("luma deviation of the left tile (0 if black or flat)")
                .isGreaterThan(8.0);
        assertThat(picture.deviation(320, 640, 120, 360)).as("luma deviation of the right tile (0 if black or flat)")
                .isGreaterThan(8.0);

        long audioStartedAt = System.currentTimeMillis();
        Recording audioOnly = openVidu.startRecording(sessionId, composed(false).name("audio").build());
        assertThat(audioOnly.hasVideo()).isFalse();
        assertThat(audioOnly.getId()).as("a new recording of the same session").isNotEqualTo(id);
        sleepUntil(audioStartedAt + 3000);
        openVidu.stopRecording(audioOnly.getId());
        Recording audioReady = awaitReady(audioOnly.getId());
        Probe audio = Ffprobe.probe(save(audioReady.getUrl(), ".webm"));
        assertThat(audio.video()).as("video streams of the audio-only recording: %s", audio).isEmpty();
        assertThat(audio.audio()).as("audio streams of the audio-only recording: %s", audio).hasSize(1);
        assertThat(audio.audio().get(0).frames()).as("audio frames").isPositive();
        assertThat(audio.duration()).as("duration of the audio-only recording")
                .isCloseTo(audioReady.getDuration(), within(SECOND));

        openVidu.deleteRecording(id);
        openVidu.deleteRecording(audioOnly.getId());
        assertThat(filesUnderRecordingsNaming(id)).isEmpty();
    }

    @Test
    void refusalsCarryOpenViduStatusCodes() throws Exception {
        assertRefused(404, "start for an unknown session", () -> openVidu.startRecording("e2e-no-such-session"));
        Session empty = createSession(newSessionId("empty"));
        assertRefused(406, "start for a session nobody joined", () -> openVidu.startRecording(empty.getSessionId()));
        assertRefused(404, "stop of an unknown recording", () -> openVidu.stopRecording("e2e-no-such-recording"));
        assertRefused(404, "get of an unknown recording", () -> openVidu.getRecording("e2e-no-such-recording"));
        assertRefused(404, "delete of an unknown recording", () -> openVidu.deleteRecording("e2e-no-such-recording"));
        empty.close();
    }

    // ---------------------------------------------------------------- the files

    /**
     * What a player needs of a video file: a VP8 video stream with frames, a duration within a second of
     * {@code recordedSeconds}, and a picture that changes (Chromium's fake camera draws a moving pattern).
     */
    private static Probe assertPlayableVideo(Path file, double recordedSeconds) {
        Probe probe = Ffprobe.probe(file);
        assertThat(probe.video()).as("video streams of %s", probe).hasSize(1);
        Ffprobe.Stream video = probe.video().get(0);
        assertThat(video.codec()).as("video codec of %s", file.getFileName()).isEqualTo("vp8");
        assertThat(video.frames()).as("video frames of %s", file.getFileName()).isPositive();
        assertThat(probe.duration()).as("duration of %s against the recorded time", file.getFileName())
                .isCloseTo(recordedSeconds, within(SECOND));
        Picture early = Ffprobe.picture(file, 0.3, video.width(), video.height());
        Picture late = Ffprobe.picture(file, Math.max(0.3, probe.duration() - 0.5), video.width(), video.height());
        assertThat(late.changedFrom(early, 24)).as("share of pixels of %s that changed between %.1f s and %.1f s",
                file.getFileName(), 0.3, probe.duration() - 0.5).isGreaterThan(0.002);
        return probe;
    }

    /** The seconds a stream was recorded, from the zip's metadata. */
    private static double spanOf(JsonNode file) {
        return (file.path("endTimeOffset").asLong() - file.path("startTimeOffset").asLong()) / 1000.0;
    }

    private Map<String, Path> unzip(byte[] zip) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = downloads.resolve(Path.of(entry.getName()).getFileName().toString());
                Files.write(file, in.readAllBytes());
                files.put(entry.getName(), file);
            }
        }
        return files;
    }

    private Path save(String url, String extension) throws Exception {
        assertThat(url).as("url of a composed recording").endsWith(extension);
        Path file = downloads.resolve(UUID.randomUUID() + extension);
        Files.write(file, download(url, 200).body());
        return file;
    }

    private static List<Path> filesUnderRecordingsNaming(String recordingId) throws IOException {
        try (Stream<Path> paths = Files.walk(env.recordings())) {
            return paths.filter(path -> env.recordings().relativize(path).toString().contains(recordingId)).toList();
        }
    }

    // ---------------------------------------------------------------- the REST API and what it tells

    private static Recording awaitReady(String id) {
        Recording done = Eventually.until("recording " + id + " ready or failed", READY_TIMEOUT, () -> {
            try {
                return openVidu.getRecording(id);
            } catch (Exception e) {
                throw new IllegalStateException("getRecording " + id, e);
            }
        }, recording -> recording.getStatus() == Recording.Status.ready
                || recording.getStatus() == Recording.Status.failed);
        assertThat(done.getStatus()).as("status of %s after stop", id).isEqualTo(Recording.Status.ready);
        return done;
    }

    /** Once recordings are stopped, no recorder, composite or hub port is left on the emulated Kurento. */
    private static void assertNothingRecordingOnKurento() {
        Eventually.until("no RecorderEndpoint, Composite or HubPort left on the kurento-emulator",
                HarnessPage.EVENT_TIMEOUT, RecordingTest::recordingObjectsOnKurento, Map::isEmpty);
    }

    private static Map<String, Integer> recordingObjectsOnKurento() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(env.stack().kurentoUrl() + "/emulator/objects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode byType = JSON.readTree(response.body()).path("byType");
            Map<String, Integer> left = new LinkedHashMap<>();
            for (String type : List.of("RecorderEndpoint", "Composite", "HubPort")) {
                if (byType.path(type).asInt(0) > 0) {
                    left.put(type, byType.path(type).asInt());
                }
            }
            return left;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET /emulator/objects", e);
        }
    }

    /**
     * The backend's webhook endpoint heard the recording's life, each status once and in order, the last one with the
     * size and duration the REST API reports.
     */
    private static void assertRecordingWebhooks(String sessionId, Recording ready) {
        String id = ready.getId();
        List<JsonNode> changes = Eventually.until("recordingStatusChanged ready of " + id + " at the webhook receiver",
                HarnessPage.EVENT_TIMEOUT, () -> recordingStatusChanges(sessionId, id),
                bodies -> bodies.stream().anyMatch(body -> "ready".equals(body.path("status").asString())));
        assertThat(changes.stream().map(body -> body.path("status").asString()))
                .as("recordingStatusChanged statuses of %s: %s", id, changes)
                // openvidu-server 2.32.1 posts no starting: receivers switch on these three.
                .containsExactly("started", "stopped", "ready");
        JsonNode last = changes.get(changes.size() - 1);
        assertThat(last.path("reason").asString()).isEqualTo("recordingStoppedByServer");
        assertThat(last.path("size").asLong()).as("size in %s", last).isEqualTo(ready.getSize());
        assertThat(last.path("duration").asDouble()).as("duration in %s", last).isEqualTo(ready.getDuration());
    }

    private static List<JsonNode> recordingStatusChanges(String sessionId, String recordingId) {
        return env.webhooks().eventsOf(sessionId).stream().map(Delivery::json)
                .filter(body -> "recordingStatusChanged".equals(body.path("event").asString())
                        && recordingId.equals(body.path("id").asString()))
                .toList();
    }

    private static void assertRefused(int status, String what, ThrowingCallable call) {
        assertThatThrownBy(call).as(what).isInstanceOfSatisfying(OpenViduHttpException.class,
                refused -> assertThat(refused.getStatus()).as("status of %s", what).isEqualTo(status));
    }

    /** GET of a recording's {@code url} on the internal listener, as the backend downloads it (admin auth). */
    private static HttpResponse<byte[]> download(String url, int expectedStatus, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(downloadUri(url)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + BrowserStack.SECRET)
                .getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> response = send(request);
        assertThat(response.statusCode()).as("GET %s %s", url, Arrays.toString(headers)).isEqualTo(expectedStatus);
        return response;
    }

    /** A recording's {@code url}: on the internal listener, as the backend reached it. */
    private static URI downloadUri(String url) {
        assertThat(url).as("a recording's url").startsWith(env.stack().internalUrl() + "/openvidu/recordings/");
        return URI.create(url);
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---------------------------------------------------------------- the session and its browsers

    private static RecordingProperties.Builder composed(boolean hasVideo) {
        // openvidu-java-client 2.32.1 unboxes hasVideo for COMPOSED: it must be set.
        return new RecordingProperties.Builder().outputMode(Recording.OutputMode.COMPOSED).hasAudio(true)
                .hasVideo(hasVideo);
    }

    private static String newSessionId(String what) {
        return "e2e-rec-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Session createSession(String sessionId) throws Exception {
        return openVidu.createSession(new SessionProperties.Builder().customSessionId(sessionId).build());
    }

    private static String token(Session session) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build())
                .getToken();
    }

    private HarnessPage page(String name) {
        return pages.open(name);
    }

    /** Until ICE selected a candidate pair for the page's published stream: its media reaches Kurento. */
    private static void awaitSending(HarnessPage page) {
        Eventually.until(page.browser().name() + "'s stream connected", HarnessPage.MEDIA_TIMEOUT, page::media,
                media -> media.sent() != null && media.sent().candidateType() != null);
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
