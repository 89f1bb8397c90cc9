package io.vidgate.broker.cdr;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDR's files: lines appended to the current file, a new file when the current one is full or the day (UTC)
 * changed, and the oldest deleted beyond {@code maxFiles}.
 *
 * <p>Files are named as openvidu-server names its CDR files ({@code CDR.<yyyy-MM-dd>_<HH-mm-ss>.log}), so scripts
 * that collect {@code CDR.*.log} keep working; here the time is the file's start (UTC) rather than the server's, and
 * a file started in the same second as another (a restart) gets {@code _1}, {@code _2}… before {@code .log}. Only
 * files named so are ever deleted. Each line is written with one call and no buffer: a line handed over is in the
 * file (the operating system's cache) even if the broker is killed the next moment.
 */
final class CdrFiles implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdrFiles.class);

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH-mm-ss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("CDR\\.(\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2})(?:_(\\d{1,9}))?\\.log");
    /** Oldest first: by start time, then by the number of the file started in the same second. */
    private static final Comparator<Path> OLDEST_FIRST = Comparator
            .comparing((Path file) -> started(file))
            .thenComparingInt(CdrFiles::sameSecondNumber);

    private final Path directory;
    private final long maxFileBytes;
    private final boolean rotateDaily;
    private final int maxFiles;
    private final Clock clock;

    private OutputStream current;
    private Path currentFile;
    private long written;
    private LocalDate currentDay;

    /** Creates {@code directory} if needed; fails if it cannot be, or cannot be written. */
    CdrFiles(Path directory, long maxFileBytes, boolean rotateDaily, int maxFiles, Clock clock) throws IOException {
        this.directory = directory;
        this.maxFileBytes = maxFileBytes;
        this.rotateDaily = rotateDaily;
        this.maxFiles = maxFiles;
        this.clock = clock;
        Files.createDirectories(directory);
        if (!Files.isWritable(directory)) {
            throw new IOException("not writable");
        }
    }

    static CdrFiles of(CdrProperties properties, Path directory) throws IOException {
        return new CdrFiles(directory, properties.maxFileSize().toBytes(), properties.rotateDaily(),
                properties.maxFiles(), Clock.systemUTC());
    }

    Path directory() {
        return directory;
    }

    /**
     * Appends {@code line} and a newline. On failure the current file is let go: the next line starts a new one
     * (a disk that was full).
     */
    synchronized void append(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant();
        if (current != null && (isFull(bytes.length) || isAnotherDay(now))) {
            closeCurrent();
        }
        try {
            if (current == null) {
                start(now);
            }
            current.write(bytes);
            written += bytes.length;
        } catch (IOException failed) {
            closeQuietly();
            throw failed;
        }
    }

    /** The CDR files in the folder, oldest first. */
    List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.filter(file -> NAME.matcher(file.getFileName().toString()).matches())
                    .sorted(OLDEST_FIRST).toList();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeCurrent();
    }

    private boolean isFull(int next) {
        return written > 0 && written + next > maxFileBytes;
    }

    private boolean isAnotherDay(Instant now) {
        return rotateDaily && !currentDay.equals(LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    private void start(Instant now) throws IOException {
        String started = STARTED.format(now);
        // After the files of this second: a number freed by deleting the oldest is never reused, or the new file
        // would sort before the ones it follows.
        for (int number = nextNumberOf(started); ; number++) {
            Path file = directory.resolve("CDR." + started + (number == 0 ? "" : "_" + number) + ".log");
            try {
                current = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                currentFile = file;
                break;
            } catch (FileAlreadyExistsException taken) {
                // Taken since the folder was listed (a second broker writing to the same folder): the next number.
            }
        }
        written = 0;
        currentDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try {
            deleteOldest();
        } catch (IOException notDeleted) {
            // Lines still go to the new file: a CDR that cannot shrink is better than one that stops.
            log.warn("CDR: cannot delete the oldest files in {} (vidgate.cdr.max-files): {}", directory,
                    notDeleted.toString());
        }
    }

    /** 0 (no suffix) for the first file of a second, else one more than the highest number of that second. */
    private int nextNumberOf(String started) throws IOException {
        int next = 0;
        for (Path file : files()) {
            if (started(file).equals(started)) {
                next = Math.max(next, sameSecondNumber(file) + 1);
            }
        }
        return next;
    }

    private void deleteOldest() throws IOException {
        List<Path> files = files();
        for (Path old : files.subList(0, Math.max(0, files.size() - maxFiles))) {
            if (!old.equals(currentFile)) {
                Files.deleteIfExists(old);
            }
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            OutputStream closing = current;
            current = null;
            currentFile = null;
            closing.close();
        }
    }

    private void closeQuietly() {
        try {
            closeCurrent();
        } catch (IOException ignored) {
            // The line's own failure is the one reported.
        }
    }

    private static String started(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        return name.matches() ? name.group(1) : "";
    }

    private static int sameSecondNumber(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        return name.matches() && name.group(2) != null ? Integer.parseInt(name.group(2)) : 0;
    }
}
