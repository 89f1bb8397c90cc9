package io.vidgate.broker.signaling;

import java.util.function.Function;

import io.vidgate.broker.pipeline.EndpointListener;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.PipelineException;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.protocol.StreamIds;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code reconnectStream}, and {@code prepareReceiveVideoFrom} with {@code reconnect: true}: a new endpoint takes the
 * place of a participant's publisher or of one of its subscriptions after the browser's ICE failed, on top of the
 * state {@link MediaMethods} keeps.
 */
final class StreamReconnections {

    private final MediaMethods media;
    private final SessionRegistry registry;
    private final PipelineManager pipelines;
    private final Function<String, IceConfig> iceForConnection;

    StreamReconnections(MediaMethods media, SessionRegistry registry, PipelineManager pipelines,
            Function<String, IceConfig> iceForConnection) {
        this.media = media;
        this.registry = registry;
        this.pipelines = pipelines;
        this.iceForConnection = iceForConnection;
    }

    /**
     * openvidu-browser 2.32 after an ICE failure (Stream.reconnectStream), on a stream of its own or one it receives:
     * <ul>
     * <li>{stream: its own stream id, sdpString (or sdpOffer): a new offer} ⇒ {sdpAnswer, id, createdAt}: a new
     * publisher endpoint takes the old one's place; the subscriptions to the stream are connected to it and keep their
     * own negotiation, so subscribers are told nothing;</li>
     * <li>{stream: a stream it receives, sdpOffer, forciblyReconnect} ⇒ {sdpAnswer}: a new subscription endpoint takes
     * the old one's place (what it sends with mediaServer "kurento");</li>
     * <li>{stream, sdpString: the answer to prepareReceiveVideoFrom's offer with reconnect: true} ⇒ {}.</li>
     * </ul>
     * The old endpoint is released once the new one has negotiated; until then it keeps its place, and if the new one
     * fails (bad SDP, KMS error) everything stays as it was and the client may try again.
     */
    Mono<JsonNode> reconnectStream(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String stream = request.string("stream");
        String sdpOffer = request.optionalString("sdpOffer");
        String sdpString = request.optionalString("sdpString");
        MediaMethods.ParticipantMedia mine = media.mediaOf(me.connectionId());
        MediaEndpoint publisher = mine.publisher;
        if (publisher != null && publisher.name().equals(stream)) {
            String offer = sdpOffer != null ? sdpOffer : sdpString;
            if (offer == null) {
                throw new RpcException(RpcException.INVALID_PARAMS, "reconnectStream needs sdpString or sdpOffer");
            }
            return republish(me, mine, stream, offer);
        }
        if (!mine.subscriptions.containsKey(stream)) {
            boolean own = StreamIds.connectionIdOf(stream).filter(me.connectionId()::equals).isPresent();
            throw new RpcException(RpcException.USER_NOT_STREAMING,
                    own ? "Not publishing " + stream : "Not subscribed to " + stream);
        }
        if (sdpOffer != null) {
            return resubscribeWithOffer(me, mine, stream, sdpOffer);
        }
        if (sdpString != null) {
            return completeResubscription(me, mine, stream, sdpString);
        }
        throw new RpcException(RpcException.INVALID_PARAMS, "reconnectStream needs sdpOffer or sdpString");
    }

    private SessionPipeline pipelineOf(SocketSession.Participant me, String stream) {
        return pipelines.existing(me.sessionId()).filter(SessionPipeline::alive).orElseThrow(
                () -> new RpcException(RpcException.MEDIA_GENERIC, "No media for " + stream + " anymore"));
    }

    private Mono<JsonNode> republish(SocketSession.Participant me, MediaMethods.ParticipantMedia mine, String stream, String offer) {
        long createdAt = registry.connection(me.sessionId(), me.connectionId()).stream()
                .flatMap(connection -> connection.publishers().stream())
                .filter(published -> published.streamId().equals(stream))
                .mapToLong(PublisherSnapshot::createdAt).findFirst()
                .orElseThrow(() -> new RpcException(RpcException.USER_NOT_STREAMING, "Not publishing " + stream));
        SessionPipeline pipeline = pipelineOf(me, stream);
        MediaEndpoint current;
        MediaEndpoint fresh;
        synchronized (mine) {
            current = mine.publisher;
            if (current == null || !current.name().equals(stream)) {
                throw new RpcException(RpcException.USER_NOT_STREAMING, "Not publishing " + stream);
            }
            if (current.replacing()) {
                throw new RpcException(RpcException.GENERIC, "A reconnection of " + stream + " is under way");
            }
            fresh = replacement(pipeline, current, media.candidates(me, me.connectionId(), stream));
            mine.publisher = fresh; // the browser's candidates for its new connection go to the new endpoint
        }
        return Mono.fromFuture(pipeline.republish(fresh, offer, media.settingsFor(me)))
                .map(sdpAnswer -> {
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.put("sdpAnswer", sdpAnswer);
                    result.put("id", stream);
                    result.put("createdAt", createdAt);
                    return (JsonNode) result;
                })
                .onErrorMap(PipelineException.class, failed -> {
                    pipeline.abandon(fresh);
                    synchronized (mine) {
                        if (mine.publisher == fresh && !current.released()) {
                            mine.publisher = current;
                        }
                    }
                    return rpc(failed);
                });
    }

    private Mono<JsonNode> resubscribeWithOffer(SocketSession.Participant me, MediaMethods.ParticipantMedia mine,
            String stream, String sdpOffer) {
        SessionPipeline pipeline = pipelineOf(me, stream);
        Replacement swap = replaceSubscription(me, mine, pipeline, stream, false);
        return Mono.fromFuture(pipeline.resubscribeWithOffer(swap.fresh, sdpOffer, media.settingsFor(me)))
                .map(sdpAnswer -> answer("sdpAnswer", sdpAnswer))
                .onErrorMap(PipelineException.class, failed -> restoreSubscription(pipeline, mine, stream, swap.current,
                        swap.fresh, failed));
    }

    /** prepareReceiveVideoFrom {sender, reconnect: true}: a new endpoint's offer, to replace the subscription. */
    Mono<JsonNode> prepareResubscription(SocketSession.Participant me, String stream) {
        MediaMethods.ParticipantMedia mine = media.mediaOf(me.connectionId());
        SessionPipeline pipeline = pipelineOf(me, stream);
        Replacement swap = replaceSubscription(me, mine, pipeline, stream, true);
        return Mono.fromFuture(pipeline.prepareSubscription(swap.fresh, media.settingsFor(me)))
                .map(offer -> answer("sdpOffer", offer))
                .onErrorMap(PipelineException.class, failed -> restoreSubscription(pipeline, mine, stream, swap.current,
                        swap.fresh, failed));
    }

    /** The subscription being replaced, and the new endpoint that now stands in its place. */
    private record Replacement(MediaEndpoint current, MediaEndpoint fresh) {
    }

    /**
     * Puts a new endpoint in the place of the participant's subscription to {@code stream}, at once, so that the
     * browser's candidates for its new connection reach it.
     *
     * @param supersedePrepared an earlier prepared reconnection whose answer never came gives way to this one (the
     *                          server-offer form); otherwise a reconnection under way is refused
     */
    private Replacement replaceSubscription(SocketSession.Participant me, MediaMethods.ParticipantMedia mine,
            SessionPipeline pipeline, String stream, boolean supersedePrepared) {
        synchronized (mine) {
            MediaEndpoint current = mine.subscriptions.get(stream);
            if (current == null) {
                throw new RpcException(RpcException.USER_NOT_STREAMING, "Not subscribed to " + stream);
            }
            if (current.replacing()) {
                MediaEndpoint original = supersedePrepared ? pipeline.abandon(current) : null;
                if (original == null) {
                    throw new RpcException(RpcException.GENERIC, "A reconnection of " + stream + " is under way");
                }
                mine.subscriptions.put(stream, original);
                current = original;
            }
            MediaEndpoint fresh = replacement(pipeline, current, subscriptionCandidates(me, stream));
            mine.subscriptions.put(stream, fresh);
            return new Replacement(current, fresh);
        }
    }

    private static JsonNode answer(String field, String sdp) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put(field, sdp);
        return result;
    }

    /** reconnectStream {stream, sdpString}: the answer to the offer of prepareReceiveVideoFrom with reconnect. */
    private Mono<JsonNode> completeResubscription(SocketSession.Participant me, MediaMethods.ParticipantMedia mine, String stream,
            String sdpAnswer) {
        SessionPipeline pipeline = pipelineOf(me, stream);
        MediaEndpoint fresh = mine.subscriptions.get(stream);
        if (fresh == null || !fresh.replacing()) {
            throw new RpcException(RpcException.GENERIC,
                    "No prepareReceiveVideoFrom with reconnect for " + stream + ": send sdpOffer, or prepare first");
        }
        return Mono.fromFuture(pipeline.completeSubscription(fresh, sdpAnswer))
                .thenReturn((JsonNode) JsonNodeFactory.instance.objectNode())
                .onErrorMap(PipelineException.class, failed -> {
                    MediaEndpoint original = pipeline.abandon(fresh);
                    return restoreSubscription(pipeline, mine, stream, original, fresh, failed);
                });
    }

    private static MediaEndpoint replacement(SessionPipeline pipeline, MediaEndpoint current, EndpointListener listener) {
        try {
            return pipeline.newReplacement(current, listener);
        } catch (PipelineException gone) {
            throw new RpcException(RpcException.MEDIA_GENERIC, gone.getMessage());
        }
    }

    /** A failed subscription reconnection: the old endpoint keeps its place (if it is still there at all). */
    private static RpcException restoreSubscription(SessionPipeline pipeline, MediaMethods.ParticipantMedia mine, String stream,
            MediaEndpoint current, MediaEndpoint fresh, PipelineException failed) {
        pipeline.abandon(fresh);
        if (current != null && !current.released()) {
            mine.subscriptions.replace(stream, fresh, current);
        }
        return rpc(failed);
    }

    private static RpcException rpc(PipelineException failed) {
        return new RpcException(MediaMethods.rpcCodeOf(failed), failed.getMessage());
    }

    private EndpointListener subscriptionCandidates(SocketSession.Participant me, String stream) {
        return media.candidates(me, StreamIds.connectionIdOf(stream).orElse(stream), stream);
    }
}
