package io.vidgate.broker.room;

import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.pipeline.EndpointListener;
import io.vidgate.broker.pipeline.EndpointSettings;
import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.PipelineException;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.room.Member.Publication;
import io.vidgate.broker.room.Member.Subscription;
import io.vidgate.broker.room.RoomException.Problem;

/**
 * A room's stream reconnections ({@code reconnectStream}, and {@code prepareReceiveVideoFrom} with
 * {@code reconnect: true}): after the browser's ICE failed, a new endpoint takes the place of a participant's
 * publisher or of one of its subscriptions. The old endpoint keeps its place until the new one has negotiated
 * (then the pipeline releases it); if the new one fails, everything stays as it was and the client may try again.
 * The same lock as the room's guards the swap; no Kurento call is made under it.
 */
public final class StreamReplacements {

    private final Room room;

    StreamReplacements(Room room) {
        this.room = room;
    }

    /**
     * A new publisher endpoint for the participant's own stream answers {@code sdpOffer}; the subscriptions to the
     * stream are connected to it and keep their own negotiation, so subscribers are told nothing.
     *
     * @return the answer, with the stream's original creation time
     * @throws RoomException {@code NOT_PUBLISHING}, {@code RECONNECTION_UNDER_WAY}
     */
    public CompletableFuture<Room.Published> republish(String connectionId, String streamId, String sdpOffer) {
        Publication publication;
        EndpointSettings settings;
        MediaEndpoint current;
        MediaEndpoint fresh;
        SessionPipeline pipeline;
        long createdAt;
        synchronized (room) {
            Member me = room.member(connectionId);
            publication = me == null ? null : me.publication;
            if (publication == null || publication.published == null || !publication.streamId.equals(streamId)) {
                throw new RoomException(Problem.NOT_PUBLISHING, "Not publishing " + streamId);
            }
            pipeline = livePipeline(streamId);
            current = publication.endpoint;
            if (current.replacing()) {
                throw new RoomException(Problem.RECONNECTION_UNDER_WAY, "A reconnection of " + streamId + " is under way");
            }
            createdAt = publication.published.createdAt();
            settings = room.settings(me);
            fresh = replacement(pipeline, current, current.listener());
            publication.endpoint = fresh; // the browser's candidates for its new connection go to the new endpoint
        }
        return pipeline.republish(fresh, sdpOffer, settings).handle((sdpAnswer, failure) -> {
            if (failure != null) {
                pipeline.abandon(fresh);
                synchronized (room) {
                    if (publication.endpoint == fresh && !current.released()) {
                        publication.endpoint = current;
                    }
                }
                throw Room.failed(failure);
            }
            room.streamReconnected(connectionId, streamId, fresh); // a recording follows the stream to its new endpoint
            return new Room.Published(streamId, createdAt, sdpAnswer);
        });
    }

    /**
     * A new subscription endpoint answers the browser's {@code sdpOffer} for a stream it receives (what
     * openvidu-browser sends with mediaServer "kurento": {stream, sdpOffer, forciblyReconnect}).
     *
     * @throws RoomException {@code NOT_SUBSCRIBED}, {@code RECONNECTION_UNDER_WAY}
     */
    public CompletableFuture<String> resubscribe(String connectionId, String streamId, String sdpOffer) {
        SessionPipeline pipeline;
        Swap swap;
        EndpointSettings settings;
        synchronized (room) {
            pipeline = livePipeline(streamId);
            swap = replaceSubscription(connectionId, pipeline, streamId, false);
            settings = room.settings(room.member(connectionId));
        }
        return pipeline.resubscribeWithOffer(swap.fresh, sdpOffer, settings)
                .handle((sdpAnswer, failure) -> {
                    if (failure != null) {
                        throw restore(pipeline, swap, failure);
                    }
                    return sdpAnswer;
                });
    }

    /**
     * prepareReceiveVideoFrom {sender, reconnect: true}: a new endpoint's offer to replace the subscription, which
     * {@link #completeResubscription} completes with the browser's answer. An earlier preparation whose answer never
     * came gives way to this one.
     */
    public CompletableFuture<String> prepareResubscription(String connectionId, String streamId) {
        SessionPipeline pipeline;
        Swap swap;
        EndpointSettings settings;
        synchronized (room) {
            pipeline = livePipeline(streamId);
            swap = replaceSubscription(connectionId, pipeline, streamId, true);
            settings = room.settings(room.member(connectionId));
        }
        return pipeline.prepareSubscription(swap.fresh, settings)
                .handle((offer, failure) -> {
                    if (failure != null) {
                        throw restore(pipeline, swap, failure);
                    }
                    return offer;
                });
    }

    /**
     * reconnectStream {stream, sdpString}: the answer to {@link #prepareResubscription}'s offer.
     *
     * @throws RoomException {@code NOT_PREPARED} when no reconnection was prepared for the stream
     */
    public CompletableFuture<Void> completeResubscription(String connectionId, String streamId, String sdpAnswer) {
        SessionPipeline pipeline;
        Subscription subscription;
        MediaEndpoint fresh;
        synchronized (room) {
            Member me = room.member(connectionId);
            subscription = me == null ? null : me.subscriptions.get(streamId);
            if (subscription == null) {
                throw new RoomException(Problem.NOT_SUBSCRIBED, "Not subscribed to " + streamId);
            }
            pipeline = livePipeline(streamId);
            fresh = subscription.endpoint;
            if (!fresh.replacing()) {
                throw new RoomException(Problem.NOT_PREPARED, "No prepareReceiveVideoFrom with reconnect for "
                        + streamId + ": send sdpOffer, or prepare first");
            }
        }
        return pipeline.completeSubscription(fresh, sdpAnswer).handle((done, failure) -> {
            if (failure != null) {
                MediaEndpoint original = pipeline.abandon(fresh);
                throw restore(pipeline, new Swap(subscription, original, fresh), failure);
            }
            return null;
        });
    }

    /** The subscription whose endpoint is being replaced, the endpoint it had, and the one now in its place. */
    private record Swap(Subscription subscription, MediaEndpoint current, MediaEndpoint fresh) {
    }

    /**
     * Puts a new endpoint in the place of the participant's subscription at once, so that the browser's candidates
     * for its new connection reach it.
     *
     * @param supersedePrepared an earlier prepared reconnection whose answer never came gives way to this one (the
     *                          server-offer form); otherwise a reconnection under way is refused
     */
    private Swap replaceSubscription(String connectionId, SessionPipeline pipeline, String streamId,
            boolean supersedePrepared) {
        Member me = room.member(connectionId);
        Subscription subscription = me == null ? null : me.subscriptions.get(streamId);
        if (subscription == null) {
            throw new RoomException(Problem.NOT_SUBSCRIBED, "Not subscribed to " + streamId);
        }
        MediaEndpoint current = subscription.endpoint;
        if (current.replacing()) {
            MediaEndpoint original = supersedePrepared ? pipeline.abandon(current) : null;
            if (original == null) {
                throw new RoomException(Problem.RECONNECTION_UNDER_WAY, "A reconnection of " + streamId + " is under way");
            }
            subscription.endpoint = original;
            current = original;
        }
        MediaEndpoint fresh = replacement(pipeline, current, current.listener());
        subscription.endpoint = fresh;
        return new Swap(subscription, current, fresh);
    }

    /** A failed subscription reconnection: the old endpoint keeps its place (if it is still there at all). */
    private RuntimeException restore(SessionPipeline pipeline, Swap swap, Throwable failure) {
        pipeline.abandon(swap.fresh);
        synchronized (room) {
            if (swap.current != null && !swap.current.released() && swap.subscription.endpoint == swap.fresh) {
                swap.subscription.endpoint = swap.current;
            }
        }
        return Room.failed(failure);
    }

    private SessionPipeline livePipeline(String streamId) {
        SessionPipeline pipeline = room.pipeline();
        if (pipeline == null || !pipeline.alive()) {
            throw new PipelineException(PipelineException.Kind.KMS_UNAVAILABLE, "No media for " + streamId + " anymore");
        }
        return pipeline;
    }

    private static MediaEndpoint replacement(SessionPipeline pipeline, MediaEndpoint current, EndpointListener listener) {
        return pipeline.newReplacement(current, listener);
    }
}
