package io.vidgate.broker.webhooks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook events accepted and not yet finished (delivered, given up or dropped), in order, in one append-only
 * file of JSON lines, {@code journal.jsonl} under the journal directory: an event line
 * {@code {"seq":7,"id":"msg_…","event":"participantJoined","acceptedAt":…,"body":"{…}"}} when an event is
 * accepted, a marker {@code {"done":7}} when it (and every event before it) is finished.
 *
 * <p><b>Durability.</b> {@link #append} returns only after the event's line is written and forced to the disk
 * ({@code fsync}): an event whose append returned survives a SIGKILL of the broker, a kernel crash and a power cut.
 * A {@code done} marker is written but not forced: the operating system keeps it through a SIGKILL; a power cut may
 * lose the last ones, and those events are then delivered again after the restart (at least once; receivers drop
 * the duplicate by its {@code webhook-id}, which is journaled with the event and never changes).
 *
 * <p><b>Recovery.</b> {@link #open} reads the file back: the events without a marker are pending again, in their
 * order and with their ids. A last line cut short by a crash (no newline at its end) was never acknowledged to
 * anyone and is ignored; the file is then rewritten without it.
 *
 * <p><b>Bounds.</b> At most {@code maxBacklog} events are pending: accepting one more drops the oldest (counted in
 * {@link #dropped()}, logged). Memory holds the pending events (their bodies), so it is bounded by
 * {@code maxBacklog} times the size of an event. The file is compacted — rewritten with only the pending events,
 * through a temporary file renamed over it — once it holds more finished events than pending ones (and at least
 * {@value #COMPACT_AFTER}), and simply emptied whenever nothing is pending.
 *
 * <p>Thread-safe: the fact observer appends while the sender reads the head and finishes it.
 */
final class WebhookJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookJournal.class);

    static final String FILE = "journal.jsonl";
    static final int COMPACT_AFTER = 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One event: {@code id} is its {@code webhook-id}, {@code body} the exact bytes POSTed and signed. */
    record Entry(long seq, String id, String event, long acceptedAt, String body) {
    }

    private final Path directory;
    private final Path file;
    private final int maxBacklog;
    private final Clock clock;
    private final int compactAfter;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private FileChannel channel;
    private long nextSeq;
    private long eventsInFile;
    private long dropped;

    private WebhookJournal(Path directory, int maxBacklog, Clock clock, int compactAfter) {
        this.directory = directory;
        this.file = directory.resolve(FILE);
        this.maxBacklog = maxBacklog;
        this.clock = clock;
        this.compactAfter = compactAfter;
    }

    /** Opens (creating it if needed) the journal in {@code directory} and recovers what a previous run left. */
    static WebhookJournal open(Path directory, int maxBacklog, Clock clock) {
        return open(directory, maxBacklog, clock, COMPACT_AFTER);
    }

    /** As {@link #open(Path, int, Clock)}, compacting after {@code compactAfter} finished events (tests). */
    static WebhookJournal open(Path directory, int maxBacklog, Clock clock, int compactAfter) {
        WebhookJournal journal = new WebhookJournal(directory, maxBacklog, clock, compactAfter);
        try {
            Files.createDirectories(directory);
            journal.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the webhook journal in " + directory + ": " + e.getMessage(), e);
        }
        return journal;
    }

    /**
     * Accepts an event: it is on disk (forced) when this returns. When {@code maxBacklog} events are already
     * pending, the oldest is dropped first.
     *
     * @throws UncheckedIOException when the disk refuses the write (the event is not accepted)
     */
    synchronized Entry append(String event, String body) {
        Entry entry = new Entry(nextSeq, "msg_" + UUID.randomUUID().toString().replace("-", ""), event,
                clock.millis(), body);
        boolean full = pending.size() >= maxBacklog;
        try {
            if (full) {
                dropOldest();
            }
            write(eventLine(entry));
            channel.force(false);
            nextSeq++;
            eventsInFile++;
            pending.addLast(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the webhook journal " + file + ": " + e.getMessage(), e);
        }
        notifyAll();
        if (full) {
            // A receiver away for long: the dropped events' lines must not pile up in the file either.
            compactQuietly();
        }
        return entry;
    }

    /** The oldest pending event, or null. */
    synchronized Entry head() {
        return pending.peekFirst();
    }

    /** The oldest pending event, waiting up to {@code timeout} for one; null if none came. */
    synchronized Entry awaitHead(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return pending.peekFirst();
    }

    /** Whether {@code entry} is still the oldest pending event (not dropped meanwhile). */
    synchronized boolean isHead(Entry entry) {
        Entry head = pending.peekFirst();
        return head != null && head.seq() == entry.seq();
    }

    /** The head is finished (delivered or given up): it is not sent again, here or after a restart. */
    synchronized void finish(Entry entry) {
        if (!isHead(entry)) {
            return; // dropped while it was being sent: already finished
        }
        pending.pollFirst();
        try {
            write(doneLine(entry.seq()));
        } catch (IOException e) {
            // The worst outcome is the event being delivered again after a restart: say so, keep going.
            log.warn("Cannot mark webhook {} delivered in {} ({}); it may be sent again after a restart",
                    entry.id(), file, e.getMessage());
            return;
        }
        compactQuietly();
    }

    private void compactQuietly() {
        try {
            compactIfWorthIt();
        } catch (IOException e) {
            // The journal stays correct, only larger; the next compaction tries again.
            log.warn("Cannot compact the webhook journal {}: {}", file, e.getMessage());
        }
    }

    /** Events accepted and not yet finished. */
    synchronized int backlog() {
        return pending.size();
    }

    /** Events dropped because the backlog was full, since this journal was opened. */
    synchronized long dropped() {
        return dropped;
    }

    /** The pending events, oldest first (tests, diagnostics). */
    synchronized List<Entry> pending() {
        return List.copyOf(pending);
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.warn("Cannot close the webhook journal {}: {}", file, e.getMessage());
        }
    }

    private void dropOldest() throws IOException {
        Entry oldest = pending.pollFirst();
        dropped++;
        write(doneLine(oldest.seq()));
        // Powers of two: the first drop is logged, then less and less often while the receiver stays away.
        if (Long.bitCount(dropped) == 1) {
            log.warn("Webhook backlog full ({} events, vidgate.webhooks.max-backlog): dropped the oldest, {} ({}); "
                    + "{} dropped so far", maxBacklog, oldest.id(), oldest.event(), dropped);
        }
    }

    private void recover() throws IOException {
        long lastSeq = 0;
        if (Files.exists(file)) {
            boolean torn = endsTorn();
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line = lines.readLine();
                while (line != null) {
                    String next = lines.readLine();
                    if (next == null && torn) {
                        log.info("Webhook journal {}: ignoring a last line cut short by a crash", file);
                        break;
                    }
                    lastSeq = Math.max(lastSeq, read(line));
                    line = next;
                }
            }
            while (pending.size() > maxBacklog) {
                pending.pollFirst();
                dropped++;
            }
            if (dropped > 0) {
                log.warn("Webhook journal {}: {} pending events exceed vidgate.webhooks.max-backlog ({}): dropped the"
                        + " oldest {}", file, pending.size() + dropped, maxBacklog, dropped);
            }
            if (!pending.isEmpty()) {
                log.info("Webhook journal {}: {} events pending from the previous run are delivered first", file,
                        pending.size());
            }
        }
        nextSeq = lastSeq + 1;
        rewrite();
    }

    /** Whether the file's last byte is not a newline: its last line was being written when the broker died. */
    private boolean endsTorn() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return false;
            }
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    /** Applies one line; returns its sequence number (0 for a line it cannot read). */
    private long read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JacksonException unreadable) {
            log.warn("Webhook journal {}: skipping an unreadable line ({} characters)", file, line.length());
            return 0;
        }
        if (node.has("done")) {
            long done = node.get("done").asLong();
            while (!pending.isEmpty() && pending.peekFirst().seq() <= done) {
                pending.pollFirst();
            }
            return done;
        }
        if (!node.has("seq") || !node.has("id") || !node.has("body")) {
            log.warn("Webhook journal {}: skipping a line that is not an event", file);
            return 0;
        }
        Entry entry = new Entry(node.get("seq").asLong(), node.get("id").asString(),
                node.path("event").asString(""), node.path("acceptedAt").asLong(), node.get("body").asString());
        pending.addLast(entry);
        return entry.seq();
    }

    private void compactIfWorthIt() throws IOException {
        if (pending.isEmpty()) {
            // Nothing pending: an empty file says the same as this one. A crash before or after the truncation
            // leaves a consistent file either way, so no forcing is needed.
            channel.truncate(0);
            eventsInFile = 0;
            return;
        }
        long finished = eventsInFile - pending.size();
        if (finished >= compactAfter && finished >= pending.size()) {
            rewrite();
        }
    }

    /**
     * Replaces the file with one holding only the pending events: written and forced under a temporary name, then
     * renamed over the journal (atomic: after a crash the file is either the old one or the new one).
     */
    private void rewrite() throws IOException {
        Path temporary = directory.resolve(FILE + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Entry entry : pending) {
                ByteBuffer bytes = ByteBuffer.wrap(eventLine(entry));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory();
        // Swapped only now: a rewrite that failed above leaves the old file and its channel in use.
        if (channel != null) {
            channel.close();
        }
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        eventsInFile = pending.size();
    }

    /** Makes the rename itself durable (Linux: fsync on the directory). Not every platform allows it. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Windows cannot open a directory: the rename is still atomic, only its durability is the OS's.
        }
    }

    /** Writes a whole line; a failed write is cut back off so the next line does not start mid-line. */
    private void write(byte[] line) throws IOException {
        long before = channel.size();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException ignored) {
                // The torn line is skipped at recovery as unreadable.
            }
            throw e;
        }
    }

    private static byte[] eventLine(Entry entry) {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", entry.seq());
        line.put("id", entry.id());
        line.put("event", entry.event());
        line.put("acceptedAt", entry.acceptedAt());
        line.put("body", entry.body());
        return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] doneLine(long seq) {
        return ("{\"done\":" + seq + "}\n").getBytes(StandardCharsets.UTF_8);
    }
}
