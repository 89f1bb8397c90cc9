package io.vidgate.broker.recording.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.vidgate.broker.room.EmulatedRooms;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionType;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.hooks.CallReport;
import io.vidgate.emulator.hooks.FaultRule;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.MediaType;

/**
 * Recordings' media against the kurento-emulator, driven through a {@link Room}: the Kurento objects each mode makes,
 * the order of their requests, what the streams' comings and goings do to them, and that nothing is left after stop.
 */
class KurentoRecordingMediaTest {

    private static final MediaOptions CAMERA = new MediaOptions(true, true, true, true, "CAMERA", 30, null);
    private static final MediaOptions MICROPHONE = new MediaOptions(true, false, true, false, null, null, null);
    private static final ActivationDetails NO_DETAILS = new ActivationDetails(null, null, "{\"user\":1}", null);

    @TempDir
    Path directory;

    private EmulatedRooms emulated;
    private KurentoEmulator kms;
    private KurentoRecordingMedia media;
    private final Listener listener = new Listener();

    private void start(EmulatedRooms rooms) {
        emulated = rooms;
        kms = rooms.kms;
        media = new KurentoRecordingMedia(rooms.rooms, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (emulated != null) {
            emulated.close();
        }
    }

    @Test
    void individualRecordsEachStreamFromItsPublishToItsEnd() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String bob = joined(room, Role.PUBLISHER);
        String aliceStream = publish(room, alice, CAMERA);

        kms.resetCalls();
        MediaRecording recording = media.start(room, spec("rec-1", true, true, true), listener).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("RecorderEndpoint")).isEqualTo(1);
        assertThat(calls()).as("created, connected (audio and video), then recording")
                .containsExactly("create:RecorderEndpoint", "invoke:connect", "invoke:connect", "invoke:record");

        kms.resetCalls();
        String bobStream = publish(room, bob, CAMERA);
        awaitTrue(() -> calls().contains("invoke:record"));
        assertThat(kms.objects().count("RecorderEndpoint")).as("a stream published later is recorded").isEqualTo(2);

        Thread.sleep(300); // the chains of the publish end
        kms.resetCalls();
        room.unpublish(alice);
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 1);
        assertThat(kms.objects().count("RecorderEndpoint")).as("an unpublish closes its file").isEqualTo(1);
        assertThat(calls()).as("the file is closed, then its recorder and the stream's endpoint are released")
                .containsExactly("invoke:stopAndWait", "release", "release");

        kms.resetCalls();
        RecordedMedia recorded = recording.stop().get(5, TimeUnit.SECONDS);
        assertThat(recording.stop()).as("idempotent").isSameAs(recording.stop());
        assertThat(calls()).containsExactly("invoke:stopAndWait", "release");
        assertThat(kms.objects().count("RecorderEndpoint")).isZero();
        assertThat(kms.objects().count("WebRtcEndpoint")).as("Bob still publishes").isEqualTo(1);

        assertThat(recorded.files()).extracting(RecordedFile::name)
                .containsExactly(aliceStream + ".webm", bobStream + ".webm");
        RecordedFile aliceFile = recorded.files().get(0);
        RecordedFile bobFile = recorded.files().get(1);
        assertThat(aliceFile.connectionId()).isEqualTo(alice);
        assertThat(aliceFile.streamId()).isEqualTo(aliceStream);
        assertThat(aliceFile.clientData()).isEqualTo("{\"user\":1}");
        assertThat(aliceFile.serverData()).isEqualTo("server-" + alice);
        assertThat(aliceFile.hasAudio()).isTrue();
        assertThat(aliceFile.hasVideo()).isTrue();
        assertThat(aliceFile.typeOfVideo()).isEqualTo("CAMERA");
        assertThat(aliceFile.startTimeOffset()).isBetween(0L, 2000L);
        assertThat(bobFile.startTimeOffset()).as("Bob's file starts when he published")
                .isGreaterThanOrEqualTo(aliceFile.startTimeOffset());
        assertThat(aliceFile.endTimeOffset()).as("Alice's file ends when she unpublished")
                .isLessThanOrEqualTo(bobFile.endTimeOffset()).isGreaterThanOrEqualTo(aliceFile.startTimeOffset());
        assertThat(listener.events).isEmpty();
        assertThat(media.activeRecordings()).isZero();
    }

    @Test
    void individualAudioOnlyConnectsAudioOnlyAndSkipsStreamsWithoutIt() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String bob = joined(room, Role.PUBLISHER);
        publish(room, alice, CAMERA);
        publish(room, bob, new MediaOptions(false, true, false, true, "SCREEN", 30, null));

        kms.resetCalls();
        MediaRecording recording = media.start(room, spec("rec-a", true, true, false), listener).get(5, TimeUnit.SECONDS);
        assertThat(calls()).as("Bob's video-only stream has nothing an audio-only recording wants")
                .containsExactly("create:RecorderEndpoint", "invoke:connect", "invoke:record");

        RecordedFile file = recording.stop().get(5, TimeUnit.SECONDS).files().get(0);
        assertThat(file.connectionId()).isEqualTo(alice);
        assertThat(file.hasAudio()).isTrue();
        assertThat(file.hasVideo()).isFalse();
        assertThat(file.typeOfVideo()).isNull();
        assertThat(kms.objects().count("RecorderEndpoint")).isZero();
    }

    @Test
    void composedMixesEveryStreamThroughAPortOfItsOwn() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String bob = joined(room, Role.PUBLISHER);
        String carol = joined(room, Role.PUBLISHER);
        publish(room, alice, CAMERA);
        publish(room, bob, CAMERA);

        MediaRecording recording = media.start(room, spec("rec-c", false, true, true), listener).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("Composite")).isEqualTo(1);
        assertThat(kms.objects().count("HubPort")).as("one per publisher, one to the recorder").isEqualTo(3);
        assertThat(kms.objects().count("RecorderEndpoint")).isEqualTo(1);
        assertThat(publishersByPortCreation(room)).as("KMS lays the grid out in port order: the order they published")
                .containsExactly(alice, bob);

        publish(room, carol, CAMERA);
        awaitTrue(() -> kms.objects().count("HubPort") == 4);
        assertThat(publishersByPortCreation(room)).containsExactly(alice, bob, carol);
        room.unpublish(alice);
        awaitTrue(() -> kms.objects().count("HubPort") == 3);

        RecordedMedia recorded = recording.stop().get(5, TimeUnit.SECONDS);
        assertThat(recorded.files()).singleElement().satisfies(file -> {
            assertThat(file.name()).isEqualTo("rec-c.webm");
            assertThat(file.streamId()).isNull();
            assertThat(file.hasAudio()).isTrue();
            assertThat(file.hasVideo()).isTrue();
            assertThat(file.endTimeOffset()).isGreaterThanOrEqualTo(file.startTimeOffset());
        });
        assertThat(kms.objects().count("Composite")).isZero();
        assertThat(kms.objects().count("HubPort")).isZero();
        assertThat(kms.objects().count("RecorderEndpoint")).isZero();
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
    }

    @Test
    void composedAudioOnlyConnectsAudioAlone() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        publish(room, joined(room, Role.PUBLISHER), CAMERA);
        publish(room, joined(room, Role.PUBLISHER), MICROPHONE);

        kms.resetCalls();
        MediaRecording recording = media.start(room, spec("rec-ca", false, true, false), listener).get(5, TimeUnit.SECONDS);
        CallReport report = kms.calls();
        assertThat(report.byCall().get("create:HubPort")).isEqualTo(3);
        assertThat(report.byCall().get("invoke:connect")).as("audio only: one per publisher, one to the recorder")
                .isEqualTo(3);
        recording.stop().get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().total()).as("the pipeline and the two publishers' endpoints")
                .isEqualTo(3);
    }

    @Test
    void aConnectionNotRecordedIsLeftOutOfIndividualButNotOfComposed() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String hidden = ConnectionIds.generate();
        room.addPending(hidden, "t", new ConnectionProperties(ConnectionType.WEBRTC, "", false, Role.PUBLISHER, null,
                null));
        room.join(hidden, NO_DETAILS, new RecordingLink(), "rpc-" + hidden);
        publish(room, alice, CAMERA);
        publish(room, hidden, CAMERA);

        MediaRecording individual = media.start(room, spec("rec-p", true, true, true), listener).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("RecorderEndpoint")).as("OpenVidu's record=false: no file of its own").isEqualTo(1);
        MediaRecording composed = media.start(room, spec("rec-o", false, true, true), listener).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("HubPort")).as("record=false affects INDIVIDUAL only").isEqualTo(3);

        assertThat(individual.stop().get(5, TimeUnit.SECONDS).files()).extracting(RecordedFile::connectionId)
                .containsExactly(alice);
        composed.stop().get(5, TimeUnit.SECONDS);
    }

    @Test
    void nothingPublishedIsNoStreams() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        joined(room, Role.PUBLISHER);

        for (boolean individual : new boolean[] {true, false}) {
            assertThatThrownBy(() -> media.start(room, spec("rec-n", individual, true, true), listener)
                    .get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOfSatisfying(RecordingMediaException.class, e -> assertThat(e.noStreams()).isTrue());
        }
        assertThat(kms.objects().total()).isZero();
        assertThat(media.activeRecordings()).isZero();
    }

    @Test
    void aKurentoRefusalReleasesWhatTheStartMade() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        publish(room, joined(room, Role.PUBLISHER), CAMERA);
        publish(room, joined(room, Role.PUBLISHER), CAMERA);

        List<String> individualSteps = List.of("create:RecorderEndpoint", "connect", "record");
        List<String> composedSteps = List.of("create:Composite", "create:HubPort", "create:RecorderEndpoint",
                "connect", "record");
        for (boolean individual : new boolean[] {true, false}) {
            for (String refused : individual ? individualSteps : composedSteps) {
                kms.faults().failNext(refused, 1);
                assertThatThrownBy(() -> media.start(room, spec("rec-f", individual, true, true), listener)
                        .get(5, TimeUnit.SECONDS)).as(refused).isInstanceOf(ExecutionException.class).cause()
                        .isInstanceOfSatisfying(RecordingMediaException.class, e -> assertThat(e.noStreams()).isFalse());
                awaitTrue(() -> kms.objects().count("RecorderEndpoint") == 0 && kms.objects().count("HubPort") == 0
                        && kms.objects().count("Composite") == 0);
            }
        }
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
        assertThat(media.activeRecordings()).isZero();
    }

    @Test
    void aReconnectedPublisherKeepsItsFile() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String stream = publish(room, alice, CAMERA);
        MediaRecording individual = media.start(room, spec("rec-r", true, true, true), listener).get(5, TimeUnit.SECONDS);
        MediaRecording composed = media.start(room, spec("rec-q", false, true, true), listener).get(5, TimeUnit.SECONDS);

        Thread.sleep(300);
        kms.resetCalls();
        room.replacements().republish(alice, stream, BrowserSdp.offer("sendonly")).get(5, TimeUnit.SECONDS);
        awaitTrue(() -> kms.calls().byCall().getOrDefault("invoke:connect", 0L) == 4);
        assertThat(kms.calls().byCall()).as("the new endpoint feeds the same recorder and port: nothing new is made")
                .doesNotContainKeys("create:RecorderEndpoint", "create:HubPort");
        assertThat(kms.objects().count("RecorderEndpoint")).isEqualTo(2);
        assertThat(kms.objects().count("WebRtcEndpoint")).as("the old endpoint is gone").isEqualTo(1);

        assertThat(individual.stop().get(5, TimeUnit.SECONDS).files()).extracting(RecordedFile::name)
                .containsExactly(stream + ".webm");
        assertThat(composed.stop().get(5, TimeUnit.SECONDS).files()).hasSize(1);
        assertThat(kms.objects().total()).as("the pipeline and Alice's endpoint").isEqualTo(2);
    }

    @Test
    void theRoomClosingClosesTheFilesBeforeThePipelineGoes() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        publish(room, joined(room, Role.PUBLISHER), CAMERA);
        MediaRecording composed = media.start(room, spec("rec-x", false, true, true), listener).get(5, TimeUnit.SECONDS);
        MediaRecording individual = media.start(room, spec("rec-y", true, true, true), listener).get(5, TimeUnit.SECONDS);

        Thread.sleep(300);
        kms.resetCalls();
        room.close(EndReason.SESSION_CLOSED_BY_SERVER);

        assertThat(individual.stop().get(5, TimeUnit.SECONDS).files()).hasSize(1);
        assertThat(composed.stop().get(5, TimeUnit.SECONDS).files()).hasSize(1);
        awaitTrue(() -> kms.objects().total() == 0);
        List<String> calls = calls();
        assertThat(calls).filteredOn("invoke:stopAndWait"::equals).hasSize(2);
        assertThat(calls.lastIndexOf("invoke:stopAndWait")).as("both files closed before the pipeline is released")
                .isLessThan(calls.size() - 1);
        assertThat(calls.get(calls.size() - 1)).isEqualTo("release");
    }

    @Test
    void aLostKurentoIsToldOnceAndStopDoesNotWaitForIt() throws Exception {
        start(EmulatedRooms.startWatchingClosely());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        String stream = publish(room, alice, CAMERA);
        MediaRecording individual = media.start(room, spec("rec-l", true, true, true), listener).get(5, TimeUnit.SECONDS);
        MediaRecording composed = media.start(room, spec("rec-m", false, true, true), listener).get(5, TimeUnit.SECONDS);

        kms.restart(); // every object gone
        awaitTrue(() -> listener.events.size() >= 2, Duration.ofSeconds(10));
        kms.resetCalls();

        long started = System.nanoTime();
        RecordedMedia files = individual.stop().get(5, TimeUnit.SECONDS);
        composed.stop().get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(listener.events).as("each recording told once").hasSize(2)
                .allSatisfy(event -> assertThat(event).startsWith("lost "));
        assertThat(files.files()).singleElement().satisfies(file -> {
            assertThat(file.streamId()).isEqualTo(stream);
            assertThat(file.endTimeOffset()).isGreaterThanOrEqualTo(file.startTimeOffset());
        });
        assertThat(kms.calls().totalRequests() - kms.calls().byMethod().getOrDefault("ping", 0L))
                .as("nothing sent to Kurento for the dead recordings").isZero();
    }

    @Test
    void aStopKurentoDoesNotAnswerEndsWhenKurentoIsLost() throws Exception {
        start(EmulatedRooms.startWatchingClosely());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        publish(room, joined(room, Role.PUBLISHER), CAMERA);
        MediaRecording recording = media.start(room, spec("rec-h", true, true, true), listener).get(5, TimeUnit.SECONDS);

        kms.faults().failNext(FaultRule.noResponse("stopAndWait", 1));
        CompletableFuture<RecordedMedia> stopping = recording.stop();
        Thread.sleep(500);
        assertThat(stopping).as("Kurento has not answered").isNotDone();
        long lost = System.nanoTime();
        kms.restart();

        assertThat(stopping.get(5, TimeUnit.SECONDS).files()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - lost)).as("not the request timeout (10 s)")
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theLastStreamEndingIsToldWhenTheSpecAsks() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER);
        publish(room, alice, CAMERA);
        RecordingSpec automatic = new RecordingSpec("rec-s", false, true, true, null, null, directory,
                directory.toUri().toString(), true);
        MediaRecording recording = media.start(room, automatic, listener).get(5, TimeUnit.SECONDS);

        room.unpublish(alice);
        awaitTrue(() -> listener.events.contains("no streams"));
        recording.stop().get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("Composite")).isZero();
    }

    // ---- helpers

    private RecordingSpec spec(String id, boolean individual, boolean hasAudio, boolean hasVideo) {
        return new RecordingSpec(id, individual, hasAudio, hasVideo, hasVideo && !individual ? "640x480" : null,
                hasVideo && !individual ? 25 : null, directory, directory.toUri().toString(), false);
    }

    private static String joined(Room room, Role role) {
        String id = ConnectionIds.generate();
        room.addPending(id, "t", ConnectionProperties.webRtc(role, "server-" + id));
        room.join(id, NO_DETAILS, new RecordingLink(), "rpc-" + id);
        return id;
    }

    private static String publish(Room room, String connectionId, MediaOptions options) throws Exception {
        return room.publish(connectionId, StreamType.CAMERA, options, BrowserSdp.offer("sendonly"))
                .get(5, TimeUnit.SECONDS).streamId();
    }

    /** The publishers whose endpoints feed a port into the grid, in the order KMS created their ports. */
    private List<String> publishersByPortCreation(Room room) {
        Map<String, String> publisherByPort = new HashMap<>();
        for (PublishedStream stream : room.publishedStreams()) {
            for (ElementConnectionData connection : stream.endpoint().webRtcEndpoint()
                    .getSinkConnections(MediaType.VIDEO)) {
                publisherByPort.put(connection.getSink().getId(), stream.publisher().id());
            }
        }
        return kms.objects().pipelines().stream() // each pipeline's objects, in the order they were created
                .flatMap(pipeline -> pipeline.objects().stream())
                .filter(object -> object.type().equals("HubPort") && publisherByPort.containsKey(object.id()))
                .map(object -> publisherByPort.get(object.id()))
                .toList();
    }

    /** The calls KMS received since the last reset, in arrival order, without the liveness pings. */
    private List<String> calls() {
        return kms.calls().sessions().stream()
                .flatMap(session -> session.chains().stream())
                .flatMap(chain -> chain.steps().stream())
                .map(CallReport.Step::call)
                .filter(call -> !call.equals("ping") && !call.startsWith("subscribe") && !call.startsWith("invoke:set")
                        && !call.equals("invoke:addIceCandidate"))
                .toList();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        awaitTrue(condition, Duration.ofSeconds(5));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static final class Listener implements MediaRecording.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void mediaLost(String reason) {
            events.add("lost " + reason);
        }

        @Override
        public void noStreamsLeft() {
            events.add("no streams");
        }
    }
}
