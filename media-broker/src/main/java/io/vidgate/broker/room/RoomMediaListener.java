package io.vidgate.broker.room;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.vidgate.protocol.rpc.EndReason;

/**
 * Told of every room's published streams, so that something else can take their media (recording). Registered once
 * on {@link Rooms}; called from the room's outbox, after the change and outside the room's lock, in the order of the
 * changes. A listener must not block; what it must finish before Kurento objects go, it returns as a stage, which the
 * room awaits (for a bounded time) before releasing them.
 */
public interface RoomMediaListener {

    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** A stream is published: its endpoint exists on Kurento and its negotiation is done. */
    default void streamPublished(Room room, PublishedStream stream) {
    }

    /** A stream ends (unpublished, its publisher gone, its Kurento lost): its endpoint is released after the stage. */
    default CompletionStage<Void> streamEnding(Room room, PublishedStream stream, EndReason reason) {
        return DONE;
    }

    /** The room closes: its pipeline is released after the stage. */
    default CompletionStage<Void> roomClosing(Room room, EndReason reason) {
        return DONE;
    }
}
