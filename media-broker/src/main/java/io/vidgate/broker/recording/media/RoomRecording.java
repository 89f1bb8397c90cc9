package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vidgate.broker.pipeline.Async;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording of one room, told of the room's streams by {@link KurentoRecordingMedia}. What both modes share: the
 * recording's start time, its loss (Kurento went away: the listener hears it once, and nothing waits for Kurento any
 * more), a {@link #stop} that runs once, and the streams it takes, each feeding a Kurento element of its own (a
 * {@link StreamFeed}): a stream that reconnects feeds the same element from its new endpoint, a stream that ends has
 * its feed ended, and the last one ending tells {@link #noStreamsLeft}. A mode says how a feed is made and ended.
 *
 * <p>The methods the room calls come from its outbox, outside its lock; they start Kurento requests and return at
 * once. A subclass guards its own state with its monitor, never held across a Kurento request.
 */
abstract class RoomRecording<F extends StreamFeed<?>> implements MediaRecording {

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
    /** Every stream taken, by stream id, in the order taken. */
    private final Map<String, F> feeds = new LinkedHashMap<>();
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

    /** Makes the feed's element and connects the stream's endpoint to it. */
    abstract CompletableFuture<Void> feed(F feed);

    /** Ends the feed once it is ready, or failed: its element no longer takes the stream's media. */
    abstract CompletableFuture<Void> endFeed(F feed);

    /**
     * Takes the stream: its feed is listed, then made.
     *
     * @return the feed, or null when the recording has the stream already, saw it end, or is over
     */
    protected final F take(F feed) {
        String streamId = feed.stream.streamId();
        synchronized (this) {
            if (stopping() || isLost() || feeds.containsKey(streamId) || hasEnded(streamId)) {
                return null;
            }
            feeds.put(streamId, feed);
        }
        feed(feed).whenComplete((done, failed) -> {
            if (failed != null) {
                log.warn("Recording {}: stream {} could not be recorded: {}", spec.recordingId(), streamId,
                        Async.unwrap(failed).getMessage());
                feed.ready.completeExceptionally(failed);
            } else {
                feed.ready.complete(null);
            }
        });
        return feed;
    }

    /** The streams taken, in the order taken. */
    protected final synchronized List<F> feeds() {
        return List.copyOf(feeds.values());
    }

    /** The publisher's new endpoint feeds the stream's element (a stream not taken yet is taken). */
    final void streamReconnected(PublishedStream stream) {
        F feed;
        synchronized (this) {
            feed = feeds.get(stream.streamId());
        }
        if (feed == null) {
            streamPublished(stream);
            return;
        }
        WebRtcEndpoint source = stream.endpoint().webRtcEndpoint();
        feed.ready.thenCompose(done -> {
            synchronized (this) {
                if (feed.ended != null || source == null) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
            }
            return KurentoCalls.connect(source, feed.element, feed.kinds);
        }).whenComplete((done, failed) -> {
            if (failed != null) {
                log.warn("Recording {}: stream {} reconnected, but the recording could not follow it: {}",
                        spec.recordingId(), stream.streamId(), Async.unwrap(failed).getMessage());
            }
        });
    }

    /** @return done once the stream's media is no longer recorded (its file closed, or its port gone) */
    final CompletableFuture<Void> streamEnding(PublishedStream stream) {
        F feed;
        boolean last;
        synchronized (this) {
            feed = feeds.get(stream.streamId());
            if (feed == null) {
                endedUntaken(stream.streamId());
                return CompletableFuture.completedFuture(null);
            }
            last = feeds.values().stream().allMatch(other -> other == feed || other.ended != null);
        }
        CompletableFuture<Void> feedEnded = end(feed);
        if (last) {
            feedEnded.thenRun(this::noStreamsLeft);
        }
        return feedEnded;
    }

    /** Ends the feed; done at once when Kurento is lost. Idempotent. */
    protected final CompletableFuture<Void> end(F feed) {
        synchronized (this) {
            if (feed.ended != null) {
                return feed.ended;
            }
            feed.ended = new CompletableFuture<>();
        }
        unlessLost(endFeed(feed)).whenComplete((done, failed) -> feed.ended.complete(null));
        return feed.ended;
    }

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
    private void endedUntaken(String streamId) {
        endedUntaken.add(streamId);
    }

    private boolean hasEnded(String streamId) {
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
