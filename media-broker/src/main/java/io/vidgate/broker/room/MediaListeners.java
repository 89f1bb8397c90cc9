package io.vidgate.broker.room;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RoomMediaListener}s of a broker's rooms, called from a room's outbox. A listener that throws is logged and
 * the others are still told; what they return to be awaited is awaited together, for a bounded time.
 */
final class MediaListeners {

    private static final Logger log = LoggerFactory.getLogger(MediaListeners.class);

    /**
     * How long a room waits for its listeners before releasing a stream's endpoint or its pipeline: a recorder's
     * {@code stopAndWait} is one request, which the KMS transport already bounds at its request timeout (10 s by
     * default); past this the room releases anyway rather than keep a publisher's endpoint, or a closed session's
     * pipeline, on Kurento.
     */
    static final long AWAIT_SECONDS = 12;

    private final List<RoomMediaListener> listeners = new CopyOnWriteArrayList<>();

    void add(RoomMediaListener listener) {
        listeners.add(listener);
    }

    void streamPublished(Room room, PublishedStream stream) {
        for (RoomMediaListener listener : listeners) {
            try {
                listener.streamPublished(room, stream);
            } catch (RuntimeException failed) {
                log.warn("A media listener failed on {} published in session {}", stream.streamId(), room.id(), failed);
            }
        }
    }

    void streamReconnected(Room room, PublishedStream stream) {
        for (RoomMediaListener listener : listeners) {
            try {
                listener.streamReconnected(room, stream);
            } catch (RuntimeException failed) {
                log.warn("A media listener failed on {} reconnected in session {}", stream.streamId(), room.id(), failed);
            }
        }
    }

    void pipelineLost(Room room, String why) {
        for (RoomMediaListener listener : listeners) {
            try {
                listener.pipelineLost(room, why);
            } catch (RuntimeException failed) {
                log.warn("A media listener failed on the loss of the media of session {}", room.id(), failed);
            }
        }
    }

    /** Completes (never exceptionally) once every listener is done with the stream, or after {@link #AWAIT_SECONDS}. */
    CompletableFuture<Void> streamEnding(Room room, PublishedStream stream, EndReason reason) {
        return awaitAll("the end of " + stream.streamId(), listener -> listener.streamEnding(room, stream, reason));
    }

    /** Completes (never exceptionally) once every listener is done with the room, or after {@link #AWAIT_SECONDS}. */
    CompletableFuture<Void> roomClosing(Room room, EndReason reason) {
        return awaitAll("the close of session " + room.id(), listener -> listener.roomClosing(room, reason));
    }

    private CompletableFuture<Void> awaitAll(String what,
            Function<RoomMediaListener, CompletionStage<Void>> call) {
        if (listeners.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        for (RoomMediaListener listener : listeners) {
            try {
                stages.add(call.apply(listener).toCompletableFuture());
            } catch (RuntimeException failed) {
                log.warn("A media listener failed on {}", what, failed);
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
        if (all.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        return all.orTimeout(AWAIT_SECONDS, TimeUnit.SECONDS).handle((done, failed) -> {
            if (failed != null) {
                log.warn("Media listeners on {}: {}; going on", what, failed.getMessage());
            }
            return null;
        });
    }
}
