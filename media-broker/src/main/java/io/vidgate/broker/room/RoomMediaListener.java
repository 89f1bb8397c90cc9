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

    /**
     * A stream's publisher reconnected ({@code reconnectStream}, openvidu-browser's republish after its ICE failed):
     * the stream goes on, with the same id, on {@code stream}'s new endpoint; its old endpoint is released already.
     * What took the old endpoint's media takes the new one's.
     */
    default void streamReconnected(Room room, PublishedStream stream) {
    }

    /**
     * The room's Kurento went away ({@link Room#pipelineLost}): its objects are dead, and so is whatever a listener
     * made on it. The streams' {@link #streamEnding} follow, with {@code mediaServerDisconnect}.
     */
    default void pipelineLost(Room room, String why) {
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
