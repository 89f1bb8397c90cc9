package io.vidgate.broker.recording.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.room.EmulatedRooms;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.emulator.testing.ClientPeer;
import io.vidgate.emulator.testing.MediaFiles;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.turn.testing.RequiresPrograms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files recordings leave, as a player reads them (ffprobe), written by the emulator's recorders: one WebM per
 * stream for INDIVIDUAL, each as long as its stream was recorded; one for COMPOSED, at the grid size asked for; and,
 * from a real WebRTC camera, what was written before Kurento went away.
 */
@RequiresPrograms(debianPackage = MediaFiles.DEBIAN_PACKAGE, programs = {"ffmpeg", "ffprobe"})
class RecordedFilesTest {

    private static final MediaOptions CAMERA = new MediaOptions(true, true, true, true, "CAMERA", 30, null);
    private static final ActivationDetails NO_DETAILS = new ActivationDetails(null, null, "", null);

    @TempDir
    Path directory;

    private EmulatedRooms emulated;
    private KurentoRecordingMedia media;
    private final MediaRecording.Listener listener = reason -> {
    };

    private void start(EmulatedRooms rooms) {
        emulated = rooms;
        media = new KurentoRecordingMedia(emulated.rooms, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (emulated != null) {
            emulated.close();
        }
    }

    @Test
    void individualLeavesAPlayableFilePerStreamAsLongAsItWasRecorded() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        String bob = joined(room);
        publish(room, alice);
        MediaRecording recording = media.start(room, spec("rec-i", true, null, null), listener).get(5, TimeUnit.SECONDS);
        Thread.sleep(1000);
        publish(room, bob);
        Thread.sleep(1000);
        room.unpublish(alice);
        Thread.sleep(1000);

        RecordedMedia recorded = recording.stop().get(10, TimeUnit.SECONDS);

        assertThat(recorded.files()).hasSize(2);
        for (RecordedFile file : recorded.files()) {
            Path written = directory.resolve(file.name());
            assertThat(written).exists();
            assertThat(Files.size(written)).isPositive();
            MediaFiles.Probe probe = MediaFiles.probe(written);
            assertThat(probe.video()).hasValueSatisfying(video -> assertThat(video.codec()).isEqualTo("vp8"));
            assertThat(probe.audio()).isPresent();
            double recordedSeconds = (file.endTimeOffset() - file.startTimeOffset()) / 1000.0;
            assertThat(probe.durationSeconds()).as(file.name() + ": as long as it was recorded")
                    .isCloseTo(recordedSeconds, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(recorded.files().get(0).endTimeOffset() - recorded.files().get(0).startTimeOffset())
                .as("Alice's file ends with her unpublish, about 2 s in").isBetween(1500L, 2900L);
    }

    @Test
    void composedLeavesOneFileAtTheGridSizeAskedFor() throws Exception {
        start(EmulatedRooms.start());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        publish(room, joined(room));
        publish(room, joined(room));
        MediaRecording recording = media.start(room, spec("rec-g", false, "640x360", 20), listener)
                .get(5, TimeUnit.SECONDS);
        Thread.sleep(1500);

        RecordedFile file = recording.stop().get(10, TimeUnit.SECONDS).files().get(0);

        Path written = directory.resolve(file.name());
        assertThat(written).exists();
        MediaFiles.Probe probe = MediaFiles.probe(written);
        assertThat(probe.video()).hasValueSatisfying(video -> {
            assertThat(video.width()).isEqualTo(640);
            assertThat(video.height()).isEqualTo(360);
        });
        assertThat(probe.audio()).isPresent();
        assertThat(probe.durationSeconds()).isCloseTo((file.endTimeOffset() - file.startTimeOffset()) / 1000.0,
                org.assertj.core.data.Offset.offset(1.0));
        assertThat(emulated.kms.objects().count("RecorderEndpoint")).isZero();
    }

    @Test
    void aKurentoLostMidRecordingLeavesWhatWasWrittenPlayable() throws Exception {
        start(EmulatedRooms.startWithRealMedia());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        try (ClientPeer.Factory clients = new ClientPeer.Factory()) {
            camera(room, alice, clients, 90, 240);
            CompletableFuture<String> lost = new CompletableFuture<>();
            MediaRecording recording = media.start(room, spec("rec-k", true, null, null), lost::complete)
                    .get(5, TimeUnit.SECONDS);
            Thread.sleep(3000);

            emulated.kms.restart();
            lost.get(10, TimeUnit.SECONDS);
            RecordedFile file = recording.stop().get(5, TimeUnit.SECONDS).files().get(0);

            MediaFiles.Probe probe = MediaFiles.probe(directory.resolve(file.name()));
            assertThat(probe.video()).as("a player still reads it")
                    .hasValueSatisfying(video -> assertThat(video.width()).isEqualTo(320));
            assertThat(file.endTimeOffset() - file.startTimeOffset()).isBetween(2500L, 8000L);
        }
    }

    @Test
    void aReconnectedPublishersFileGoesOnWithItsNewConnection() throws Exception {
        start(EmulatedRooms.startWithRealMedia());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        try (ClientPeer.Factory clients = new ClientPeer.Factory()) {
            ClientPeer red = camera(room, alice, clients, 90, 240);
            String stream = room.publishedStreams().get(0).streamId();
            MediaRecording recording = media.start(room, spec("rec-r", true, null, null), reason -> {
            }).get(5, TimeUnit.SECONDS);
            Thread.sleep(2000);

            // openvidu-browser's reconnection: a new peer connection republishes the same stream.
            ClientPeer blue = clients.peer(ClientPeer.directConfig());
            blue.publish(320, 240, 15);
            blue.tint(240, 90);
            String answer = room.replacements().republish(alice, stream, blue.offer())
                    .get(10, TimeUnit.SECONDS).sdpAnswer();
            blue.attach(room.publishedStreams().get(0).endpoint().webRtcEndpoint());
            blue.acceptAnswer(answer);
            awaitTrue(blue::connected, Duration.ofSeconds(15));
            red.close();
            Thread.sleep(2500);

            RecordedMedia recorded = recording.stop().get(10, TimeUnit.SECONDS);
            assertThat(recorded.files()).as("one file for the stream").hasSize(1);
            Path file = directory.resolve(recorded.files().get(0).name());
            MediaFiles.Probe probe = MediaFiles.probe(file);
            double[] before = MediaFiles.picture(file, 1.0).meanRgb(40, 40, 280, 200);
            double[] after = MediaFiles.picture(file, probe.durationSeconds() - 0.5).meanRgb(40, 40, 280, 200);
            assertThat(before[0]).as("the first connection's red camera").isGreaterThan(before[2] + 40);
            assertThat(after[2]).as("then the new connection's blue one").isGreaterThan(after[0] + 40);
        }
    }

    @Test
    void composedShowsEveryPublisherInItsGrid() throws Exception {
        start(EmulatedRooms.startWithRealMedia());
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        try (ClientPeer.Factory clients = new ClientPeer.Factory()) {
            camera(room, joined(room), clients, 90, 240); // red
            camera(room, joined(room), clients, 240, 90); // blue
            MediaRecording recording = media.start(room, spec("rec-grid", false, "640x240", 10), reason -> {
            }).get(5, TimeUnit.SECONDS);
            Thread.sleep(3000);

            Path file = directory.resolve(recording.stop().get(10, TimeUnit.SECONDS).files().get(0).name());
            MediaFiles.Probe probe = MediaFiles.probe(file);
            assertThat(probe.video()).hasValueSatisfying(video -> {
                assertThat(List.of(video.width(), video.height())).containsExactly(640, 240);
                assertThat(video.frameRate()).isEqualTo(10.0);
            });
            MediaFiles.Picture grid = MediaFiles.picture(file, 2.0);
            double[] left = grid.meanRgb(40, 40, 280, 200);
            double[] right = grid.meanRgb(360, 40, 600, 200);
            // Both tiles, red and blue; which side each takes is the order Kurento made their ports in (in parallel).
            double[] red = left[0] > left[2] ? left : right;
            double[] blue = red == left ? right : left;
            assertThat(red[0]).as("one tile is the red camera").isGreaterThan(red[2] + 40);
            assertThat(blue[2]).as("the other the blue one").isGreaterThan(blue[0] + 40);
        }
    }

    /** A webrtc-java camera tinted (u, v) publishes through the room, as openvidu-browser does. */
    private static ClientPeer camera(Room room, String connectionId, ClientPeer.Factory clients, int u, int v)
            throws Exception {
        ClientPeer camera = clients.peer(ClientPeer.directConfig());
        camera.publish(320, 240, 15);
        camera.tint(u, v);
        Room.Published published = room.publish(connectionId, StreamType.CAMERA, CAMERA, camera.offer())
                .get(10, TimeUnit.SECONDS);
        camera.attach(room.publishedStreams().stream().filter(s -> s.streamId().equals(published.streamId()))
                .findFirst().orElseThrow().endpoint().webRtcEndpoint());
        camera.acceptAnswer(published.sdpAnswer());
        awaitTrue(camera::connected, Duration.ofSeconds(15));
        return camera;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private RecordingSpec spec(String id, boolean individual, String resolution, Integer frameRate) {
        return new RecordingSpec(id, individual, true, true, resolution, frameRate, directory,
                directory.toUri().toString(), false);
    }

    private static String joined(Room room) {
        String id = ConnectionIds.generate();
        room.addPending(id, "t", ConnectionProperties.webRtc(Role.PUBLISHER, ""));
        room.join(id, NO_DETAILS, new RecordingLink(), "rpc-" + id);
        return id;
    }

    private static void publish(Room room, String connectionId) throws Exception {
        room.publish(connectionId, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly")).get(5, TimeUnit.SECONDS);
    }
}
