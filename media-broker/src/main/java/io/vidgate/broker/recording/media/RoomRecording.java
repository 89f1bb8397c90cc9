package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vidgate.broker.pipeline.Async;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording of one room, told of the room's streams by {@link KurentoRecordingMedia}. What both modes share: the
 * recording's start time, its loss (Kurento went away: the listener hears it once, and nothing waits for Kurento any
 * more), and a {@link #stop} that runs once.
 *
 * <p>The methods the room calls come from its outbox, outside its lock; they start Kurento requests and return at
 * once. A subclass guards its own state with its monitor, never held across a Kurento request.
 */
abstract class RoomRecording implements MediaRecording {

    private static final Logger log = LoggerFactory.getLogger(RoomRecording.class);

    protected final Room room;
    protected final RecordingSpec spec;
    private final MediaRecording.Listener listener;
    private final Clock clock;
    /** Epoch milliseconds the files' offsets count from. */
    protected final long startedAt;
    /** Completes when Kurento is lost: whatever waits for a Kurento answer stops waiting then. */
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private volatile long lostAt;
    private final AtomicBoolean noStreamsTold = new AtomicBoolean();
    /**
     * Streams that ended before this recording took them: a stream listed at the start whose end the room told
     * before the start got to it is not taken (its endpoint may be gone).
     */
    private final Set<String> endedUntaken = ConcurrentHashMap.newKeySet();
    private CompletableFuture<RecordedMedia> stopped;
    /** Completes once the recording stopped, however it ended. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    RoomRecording(Room room, RecordingSpec spec, MediaRecording.Listener listener, Clock clock) {
        this.room = room;
        this.spec = spec;
        this.listener = listener;
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    /**
     * Starts with the streams the room publishes now.
     *
     * @return fails with a {@link RecordingMediaException}, everything made released, when nothing could be started
     */
    abstract CompletableFuture<Void> begin(List<PublishedStream> streams);

    abstract void streamPublished(PublishedStream stream);

    abstract void streamReconnected(PublishedStream stream);

    /** @return done once the stream's media is no longer recorded (its file closed, or its port gone) */
    abstract CompletableFuture<Void> streamEnding(PublishedStream stream);

    /** Stops everything and releases what was made (nothing is sent to a lost Kurento). */
    abstract CompletableFuture<RecordedMedia> finish();

    @Override
    public final CompletableFuture<RecordedMedia> stop() {
        CompletableFuture<RecordedMedia> result;
        synchronized (this) {
            if (stopped != null) {
                return stopped;
            }
            stopped = result = new CompletableFuture<>();
        }
        finish().whenComplete((media, failed) -> {
            ended.complete(null); // first: whoever hears of the stop finds the recording forgotten
            if (failed != null) {
                result.completeExceptionally(failed);
            } else {
                result.complete(media);
            }
        });
        return result;
    }

    final CompletableFuture<Void> ended() {
        return ended;
    }

    protected final synchronized boolean stopping() {
        return stopped != null;
    }

    /** Kurento went away: the files stay as they are; the listener is told once. */
    final void mediaLost(String why) {
        if (lost.isDone()) {
            return;
        }
        lostAt = now();
        if (lost.complete(null)) {
            log.warn("Recording {} lost its media server: {}", spec.recordingId(), why);
            listener.mediaLost("The media server was lost (" + why + ")");
        }
    }

    /** The room closes: the recording ends there, its files closed before the pipeline goes. */
    final CompletableFuture<Void> roomClosing() {
        return stop().handle((media, failed) -> null);
    }

    protected final boolean isLost() {
        return lost.isDone();
    }

    protected final long lostAt() {
        return lostAt;
    }

    /** {@code step}, or done as soon as Kurento is lost (its answer will not come, or comes from a dead object). */
    protected final CompletableFuture<Void> unlessLost(CompletableFuture<?> step) {
        return CompletableFuture.anyOf(step, lost).handle((done, failed) -> null);
    }

    /** The last stream ended: the listener is told once, when the spec asks for it. */
    protected final void noStreamsLeft() {
        if (spec.stopWhenNoStreams() && !stopping() && noStreamsTold.compareAndSet(false, true)) {
            listener.noStreamsLeft();
        }
    }

    /** The room told of the end of a stream this recording has not taken (yet). */
    protected final void endedUntaken(String streamId) {
        endedUntaken.add(streamId);
    }

    protected final boolean hasEnded(String streamId) {
        return endedUntaken.contains(streamId);
    }

    protected final long now() {
        return clock.millis();
    }

    /**
     * Whether an INDIVIDUAL recording takes the stream: its connection's {@code record} (OpenVidu's connection option,
     * which "only affects INDIVIDUAL recording").
     */
    protected static boolean recordable(PublishedStream stream) {
        return stream.publisher().properties().record();
    }

    static RecordingMediaException refused(String what, Throwable cause) {
        Throwable root = Async.unwrap(cause);
        if (root instanceof RecordingMediaException known) {
            return known;
        }
        return new RecordingMediaException(what + ": " + root.getMessage(), false, root);
    }
}
