package io.vidgate.broker.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.recording.Recording.Status;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that starts again finds its recordings in their metadata files: finished ones listed as they were, and
 * those a crash cut short (starting, started or stopped) failed, with what they had written kept and packed.
 */
class RecordingRestartTest {

    @TempDir
    Path root;

    /** A service as the broker makes it at start, over the folder; no room or Kurento is needed to list. */
    private RecordingService serviceOver(Path folder) throws IOException {
        RecordingProperties properties = new RecordingProperties(true, folder, null,
                RecordingNotification.PUBLISHER_MODERATOR, Duration.ofSeconds(120));
        RecordingService service = new RecordingService(properties, folder, null, () -> null, FactStream.NONE,
                Clock.systemUTC());
        service.open();
        return service;
    }

    private static Recording recording(String id, String mode) {
        return Recording.starting(id, "ses_a", 1000, 2000 + id.length(),
                RecordingDefaults.of(null, null, null, mode, null, null, null, null, null, null));
    }

    @Test
    void finishedRecordingsAreListedAgainAsTheyWere() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        Recording ready = recording("ses_a", "COMPOSED").withStatus(Status.started)
                .stopped(EndReason.LAST_PARTICIPANT_LEFT).finished(500, 3.25, null);
        files.save(ready);
        Files.write(root.resolve("ses_a/ses_a.webm"), new byte[500]);

        try (RecordingService restarted = serviceOver(root)) {
            assertThat(restarted.list()).containsExactly(ready);
            assertThat(restarted.find("ses_a")).contains(ready);
            assertThat(restarted.file("ses_a", "ses_a.webm")).isPresent();
        }
    }

    @Test
    void recordingsCutByACrashAreFailedWithTheirFilesKept() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        Recording individual = recording("ses_a", "INDIVIDUAL").withStatus(Status.started);
        Recording composed = recording("ses_a~1", "COMPOSED").withStatus(Status.started)
                .stopped(EndReason.RECORDING_STOPPED_BY_SERVER);
        Recording starting = recording("ses_a~22", "COMPOSED");
        files.save(individual);
        files.save(composed);
        files.save(starting);
        Files.write(root.resolve("ses_a/str_CAM_aaaa_con_a.webm"), new byte[70]);
        Files.write(root.resolve("ses_a/str_CAM_bbbb_con_b.webm"), new byte[30]);
        Files.write(root.resolve("ses_a~1/ses_a~1.webm"), new byte[40]);

        try (RecordingService restarted = serviceOver(root)) {
            List<Recording> listed = restarted.list();
            assertThat(listed).extracting(Recording::status).containsOnly(Status.failed);
            assertThat(listed).extracting(Recording::failure).containsOnly(RecordingService.CUT_BY_RESTART);
            assertThat(restarted.find("ses_a").orElseThrow().size()).isEqualTo(100);
            assertThat(restarted.find("ses_a~1").orElseThrow().size()).isEqualTo(40);
            assertThat(restarted.find("ses_a~1").orElseThrow().reason())
                    .isEqualTo(EndReason.RECORDING_STOPPED_BY_SERVER);
            assertThat(zipEntries(root.resolve("ses_a/ses_a.zip")))
                    .containsExactly("str_CAM_aaaa_con_a.webm", "str_CAM_bbbb_con_b.webm", "ses_a.json");
            assertThat(restarted.file("ses_a~1", "ses_a~1.webm")).isPresent();
        }
        try (RecordingService again = serviceOver(root)) {
            assertThat(again.list()).as("failed stays failed; nothing is packed twice").hasSize(3)
                    .extracting(Recording::status).containsOnly(Status.failed);
        }
    }

    private static List<String> zipEntries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream unzip = new ZipInputStream(in)) {
            for (ZipEntry entry = unzip.getNextEntry(); entry != null; entry = unzip.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
