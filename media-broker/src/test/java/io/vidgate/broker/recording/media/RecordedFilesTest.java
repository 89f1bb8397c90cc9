package io.vidgate.broker.recording.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.room.EmulatedRooms;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.emulator.testing.MediaFiles;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.turn.testing.RequiresPrograms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files recordings leave, as a player reads them (ffprobe), written by the emulator's recorders: one WebM per
 * stream for INDIVIDUAL, each as long as its stream was recorded; one for COMPOSED, at the grid size asked for.
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

    @BeforeEach
    void start() throws Exception {
        emulated = EmulatedRooms.start();
        media = new KurentoRecordingMedia(emulated.rooms, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        emulated.close();
    }

    @Test
    void individualLeavesAPlayableFilePerStreamAsLongAsItWasRecorded() throws Exception {
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
