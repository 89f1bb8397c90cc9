package io.vidgate.broker.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.vidgate.broker.recording.Recording.Status;
import io.vidgate.broker.recording.media.RecordedFile;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The recordings folder as openvidu-server lays it out: ids, metadata, packing, what may be downloaded. */
class RecordingFilesTest {

    @TempDir
    Path root;

    private static Recording recording(String id, String mode) {
        return Recording.starting(id, "ses_a", 1000, 2000,
                RecordingDefaults.of(null, null, null, mode, null, null, null, null, null, null));
    }

    @Test
    void idsAreTheSessionIdThenTildeOneTwoAsOpenViduGivesThem() {
        RecordingFiles files = new RecordingFiles(root);
        assertThat(files.freeId("ses_a", Set.of())).isEqualTo("ses_a");
        files.save(recording("ses_a", "COMPOSED"));
        assertThat(files.freeId("ses_a", Set.of())).isEqualTo("ses_a~1");
        assertThat(files.freeId("ses_a", Set.of("ses_a~1"))).as("one starting, not saved yet").isEqualTo("ses_a~2");
        files.save(recording("ses_a~1", "COMPOSED"));
        files.save(recording("ses_a~2", "COMPOSED"));
        assertThat(files.freeId("ses_a", Set.of())).isEqualTo("ses_a~3");
        assertThat(files.freeId("ses_b", Set.of())).isEqualTo("ses_b");
    }

    @Test
    void theMetadataFileHoldsTheRecordingAndReadsBackTheSame() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        Recording ready = recording("ses_a", "COMPOSED").withStatus(Status.started)
                .stopped(EndReason.RECORDING_STOPPED_BY_SERVER).finished(12345, 6.5, null);
        files.save(ready);

        Path metadata = root.resolve("ses_a/.recording.ses_a");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(metadata));
        assertThat(json.get("id").asString()).isEqualTo("ses_a");
        assertThat(json.get("status").asString()).isEqualTo("ready");
        assertThat(json.get("reason").asString()).isEqualTo("recordingStoppedByServer");
        assertThat(json.get("resolution").asString()).isEqualTo("1280x720");
        assertThat(files.load("ses_a")).contains(ready);
        assertThat(files.loadAll()).containsExactly(ready);
        try (var listing = Files.list(root.resolve("ses_a"))) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactly(".recording.ses_a");
        }
    }

    @Test
    void anIndividualRecordingIsZippedWithOneFilePerStreamAndTheStreamsJson() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        Recording recording = recording("ses_a~1", "INDIVIDUAL").withStatus(Status.started)
                .stopped(EndReason.RECORDING_STOPPED_BY_SERVER);
        files.save(recording);
        Path folder = root.resolve("ses_a~1");
        Files.write(folder.resolve("str_CAM_aaaa_con_a.webm"), new byte[300]);
        Files.write(folder.resolve("str_SCR_bbbb_con_b.webm"), new byte[200]);
        List<RecordedFile> streams = List.of(
                new RecordedFile("str_CAM_aaaa_con_a.webm", "con_a", "str_CAM_aaaa_con_a", "{\"c\":1}", "srv", true,
                        true, "CAMERA", 100, 4100),
                new RecordedFile("str_SCR_bbbb_con_b.webm", "con_b", "str_SCR_bbbb_con_b", "", "", false, true,
                        "SCREEN", 1100, 3100));

        RecordingFiles.Packed packed = files.pack(recording, streams);

        assertThat(packed.size()).as("the streams' bytes, as OpenVidu's size").isEqualTo(500);
        assertThat(packed.duration()).as("first start to last end").isEqualTo(4.0);
        try (var listing = Files.list(folder)) {
            assertThat(listing.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".recording.ses_a~1", "ses_a~1.zip");
        }
        Map<String, byte[]> entries = unzip(folder.resolve("ses_a~1.zip"));
        assertThat(entries.keySet()).containsExactly("str_CAM_aaaa_con_a.webm", "str_SCR_bbbb_con_b.webm",
                "ses_a~1.json");
        assertThat(entries.get("str_CAM_aaaa_con_a.webm")).hasSize(300);
        JsonNode json = JsonMapper.builder().build().readTree(entries.get("ses_a~1.json"));
        assertThat(json.get("id").asString()).isEqualTo("ses_a~1");
        assertThat(json.get("name").asString()).isEqualTo("ses_a~1");
        assertThat(json.get("sessionId").asString()).isEqualTo("ses_a");
        assertThat(json.get("createdAt").asLong()).isEqualTo(2000);
        JsonNode camera = json.get("files").get(0);
        assertThat(camera.propertyNames()).containsExactly("name", "connectionId", "streamId", "size", "clientData",
                "serverData", "hasAudio", "hasVideo", "typeOfVideo", "startTimeOffset", "endTimeOffset");
        assertThat(camera.get("size").asLong()).isEqualTo(300);
        assertThat(camera.get("clientData").asString()).isEqualTo("{\"c\":1}");
        assertThat(camera.get("typeOfVideo").asString()).isEqualTo("CAMERA");
        assertThat(json.get("files").get(1).get("hasAudio").asBoolean()).isFalse();
    }

    @Test
    void aComposedRecordingIsItsNameDotWebm() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        Recording recording = Recording.starting("ses_a", "ses_a", 1000, 2000,
                RecordingDefaults.of("meeting", null, null, null, null, null, null, null, null, null));
        files.save(recording);
        Files.write(root.resolve("ses_a/ses_a.webm"), new byte[1000]);

        RecordingFiles.Packed packed = files.pack(recording, List.of(
                new RecordedFile("ses_a.webm", null, null, null, null, true, true, null, 0, 2500)));

        assertThat(packed.size()).isEqualTo(1000);
        assertThat(packed.duration()).isEqualTo(2.5);
        assertThat(recording.fileName()).isEqualTo("meeting.webm");
        assertThat(root.resolve("ses_a/meeting.webm")).hasSize(1000);
        assertThat(files.downloadable("ses_a", "meeting.webm")).contains(root.resolve("ses_a/meeting.webm"));
    }

    @Test
    void onlyAPlainFileOfTheRecordingCanBeDownloaded() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        files.save(recording("ses_a", "COMPOSED"));
        files.save(recording("ses_b", "COMPOSED"));
        Files.write(root.resolve("ses_b/ses_b.webm"), new byte[10]);
        Files.write(root.resolve("secret.txt"), new byte[10]);

        assertThat(files.downloadable("ses_b", "ses_b.webm")).isPresent();
        for (String name : List.of("../ses_b/ses_b.webm", "..", "../secret.txt", ".recording.ses_a", "/etc/passwd",
                "..%2Fsecret.txt", "a/../../secret.txt", "")) {
            assertThat(files.downloadable("ses_a", name)).as(name).isEmpty();
        }
        assertThat(files.downloadable("..", "secret.txt")).isEmpty();
        assertThat(files.downloadable("ses_a", "missing.webm")).isEmpty();
    }

    @Test
    void deleteRemovesTheFolderAndItsFiles() throws IOException {
        RecordingFiles files = new RecordingFiles(root);
        files.save(recording("ses_a", "COMPOSED"));
        Files.write(root.resolve("ses_a/ses_a.webm"), new byte[10]);

        assertThat(files.delete("ses_a")).isTrue();
        assertThat(root.resolve("ses_a")).doesNotExist();
        assertThat(files.delete("ses_a")).isFalse();
        assertThat(files.delete("..")).isFalse();
        assertThat(root).exists();
    }

    private static Map<String, byte[]> unzip(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream unzip = new ZipInputStream(in)) {
            for (ZipEntry entry = unzip.getNextEntry(); entry != null; entry = unzip.getNextEntry()) {
                entries.put(entry.getName(), unzip.readAllBytes());
            }
        }
        return entries;
    }
}
