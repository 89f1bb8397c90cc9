package io.vidgate.broker.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.vidgate.broker.recording.media.RecordedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The recordings folder, laid out as openvidu-server's: {@code <path>/<id>/} per recording, holding its metadata file
 * {@code .recording.<id>} (the recording's JSON, rewritten at every status) and its media. Once a recording is done
 * its media is packed as OpenVidu packs it: INDIVIDUAL into {@code <name>.zip} (one file per stream and
 * {@code <name>.json} with the streams' metadata), COMPOSED as {@code <name>.webm}. Thread-safe for distinct ids.
 */
final class RecordingFiles {

    static final String METADATA_PREFIX = ".recording.";

    private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A file a user may download: one name, no folder, not hidden (the metadata file is not offered). */
    private static final Pattern DOWNLOADABLE = Pattern.compile("[A-Za-z0-9_~\\-][A-Za-z0-9_~\\-.]*");

    /** What packing found: the recording's bytes and seconds. */
    record Packed(long size, double duration) {
    }

    private final Path root;

    RecordingFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Creates the folder (and its parents) if need be and checks the broker can write in it. */
    void checkWritable() throws IOException {
        Files.createDirectories(root);
        Path probe = Files.createTempFile(root, ".write-check", ".tmp");
        Files.delete(probe);
    }

    Path directoryOf(String id) {
        return root.resolve(id);
    }

    /** Writes the recording's metadata file (whole or not at all: a crash never leaves half a file). */
    void save(Recording recording) {
        Path directory = directoryOf(recording.id());
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(METADATA_PREFIX + recording.id() + ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(RecordingJson.metadata(recording)));
            Files.move(temporary, directory.resolve(METADATA_PREFIX + recording.id()),
                    StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the metadata of recording " + recording.id() + " in "
                    + directory, failed);
        }
    }

    Optional<Recording> load(String id) {
        if (!isSafeName(id)) {
            return Optional.empty();
        }
        Path metadata = directoryOf(id).resolve(METADATA_PREFIX + id);
        if (!Files.isRegularFile(metadata)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RecordingJson.fromMetadata(JSON.readTree(Files.readString(metadata))));
        } catch (IOException | RuntimeException unreadable) {
            log.warn("Recording metadata {} cannot be read, so the recording is not listed: {}", metadata,
                    unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** Every recording with a readable metadata file, oldest first. */
    List<Recording> loadAll() {
        List<Recording> all = new ArrayList<>();
        for (String id : ids()) {
            load(id).ifPresent(all::add);
        }
        all.sort(Comparator.comparingLong(Recording::createdAt).thenComparing(Recording::id));
        return all;
    }

    /** The ids of the folders holding a metadata file. */
    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(root)) {
            return ids;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                String id = folder.getFileName().toString();
                if (Files.isRegularFile(folder.resolve(METADATA_PREFIX + id))) {
                    ids.add(id);
                }
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot list recordings in " + root, failed);
        }
        return ids;
    }

    /** openvidu-server's free id: the session id, else the first {@code <sessionId>~N} neither stored nor in use. */
    String freeId(String sessionId, Set<String> inUse) {
        Set<String> taken = ids();
        taken.addAll(inUse);
        String id = sessionId;
        for (int n = 1; taken.contains(id); n++) {
            id = sessionId + "~" + n;
        }
        return id;
    }

    /** @return whether there was a folder to delete */
    boolean delete(String id) {
        Path directory = directoryOf(id);
        if (!isSafeName(id) || !Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            return true;
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot delete recording folder " + directory, failed);
        }
    }

    /**
     * A file of the recording to download; empty for anything else (another folder, the metadata file, a name with
     * a path in it).
     */
    Optional<Path> downloadable(String id, String fileName) {
        if (!isSafeName(id) || fileName == null || !DOWNLOADABLE.matcher(fileName).matches()
                || fileName.contains("..")) {
            return Optional.empty();
        }
        Path directory = directoryOf(id).normalize();
        Path file = directory.resolve(fileName).normalize();
        if (!file.getParent().equals(directory) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /**
     * Packs what the media wrote, as openvidu-server does, and measures it.
     *
     * @param files the media files in the recording's folder; for a recording cut by a crash, every {@code .webm} in
     *              it (their stream fields unknown)
     */
    Packed pack(Recording recording, List<RecordedFile> files) throws IOException {
        Path directory = directoryOf(recording.id());
        List<RecordedFile> present = files.stream().filter(f -> Files.isRegularFile(directory.resolve(f.name())))
                .toList();
        long size = 0;
        for (RecordedFile file : present) {
            size += Files.size(directory.resolve(file.name()));
        }
        long start = present.stream().mapToLong(RecordedFile::startTimeOffset).min().orElse(0);
        long end = present.stream().mapToLong(RecordedFile::endTimeOffset).max().orElse(0);
        double duration = Math.max(0, end - start) / 1000.0;
        if (recording.individual()) {
            zip(recording, directory, present);
        } else if (!present.isEmpty() && !present.get(0).name().equals(recording.fileName())) {
            Files.move(directory.resolve(present.get(0).name()), directory.resolve(recording.fileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        return new Packed(size, duration);
    }

    /** The media files of a recording cut short by a crash: whatever {@code .webm} its folder holds. */
    List<RecordedFile> leftMedia(String id) throws IOException {
        List<RecordedFile> found = new ArrayList<>();
        try (DirectoryStream<Path> media = Files.newDirectoryStream(directoryOf(id), "*.webm")) {
            for (Path file : media) {
                found.add(new RecordedFile(file.getFileName().toString(), null, null, null, null, false, false, null,
                        0, 0));
            }
        }
        found.sort(Comparator.comparing(RecordedFile::name));
        return found;
    }

    /** {@code <name>.zip}: the stream files and {@code <name>.json}; the loose files are removed once it is whole. */
    private void zip(Recording recording, Path directory, List<RecordedFile> files) throws IOException {
        String syncName = recording.name() + ".json";
        Files.writeString(directory.resolve(syncName), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(streamsMetadata(recording, directory, files)));
        Path temporary = directory.resolve(recording.fileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (RecordedFile file : files) {
                addToZip(zip, directory, file.name());
            }
            addToZip(zip, directory, syncName);
        }
        Files.move(temporary, directory.resolve(recording.fileName()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        for (RecordedFile file : files) {
            Files.deleteIfExists(directory.resolve(file.name()));
        }
        Files.deleteIfExists(directory.resolve(syncName));
    }

    private static void addToZip(ZipOutputStream zip, Path directory, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(directory.resolve(name), zip);
        zip.closeEntry();
    }

    /** openvidu-server's {@code <name>.json}: the recording, then one entry per stream file. */
    private static JsonNode streamsMetadata(Recording recording, Path directory, List<RecordedFile> files)
            throws IOException {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("createdAt", recording.createdAt());
        json.put("id", recording.id());
        json.put("name", recording.name());
        json.put("sessionId", recording.sessionId());
        ArrayNode entries = json.putArray("files");
        for (RecordedFile file : files) {
            ObjectNode entry = entries.addObject();
            entry.put("name", file.name());
            entry.put("connectionId", file.connectionId());
            entry.put("streamId", file.streamId());
            entry.put("size", Files.size(directory.resolve(file.name())));
            entry.put("clientData", file.clientData());
            entry.put("serverData", file.serverData());
            entry.put("hasAudio", file.hasAudio() && recording.hasAudio());
            entry.put("hasVideo", file.hasVideo() && recording.hasVideo());
            if (file.hasVideo()) {
                entry.put("typeOfVideo", file.typeOfVideo());
            }
            entry.put("startTimeOffset", file.startTimeOffset());
            entry.put("endTimeOffset", file.endTimeOffset());
        }
        return json;
    }

    private static boolean isSafeName(String id) {
        return id != null && DOWNLOADABLE.matcher(id).matches() && !id.contains("..");
    }
}
