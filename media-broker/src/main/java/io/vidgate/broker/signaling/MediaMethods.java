package io.vidgate.broker.signaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.vidgate.broker.pipeline.EndpointListener;
import io.vidgate.broker.pipeline.EndpointSettings;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.PipelineException;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.RegistryException;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import io.vidgate.protocol.StreamIds;
import io.vidgate.protocol.StreamType;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The media methods on top of {@link PipelineManager}: publishVideo, onIceCandidate, unpublishVideo,
 * prepareReceiveVideoFrom/receiveVideoFrom (server or client offer), unsubscribeFromVideo, streamPropertyChanged and
 * leaveRoom, plus the releases that eviction, force-unpublish and socket death need ({@code reconnectStream}:
 * {@link StreamReconnections}). Each method records its state
 * synchronously (so a trickled candidate right after publishVideo finds the endpoint), then goes asynchronous;
 * nothing blocks. Notifications go to the participant's current socket through the {@link ParticipantDirectory},
 * so they follow a participant that resumed on a new socket.
 */
final class MediaMethods {

    /** The media a participant caused: its publisher and its subscriptions (by the remote stream id). */
    static final class ParticipantMedia {
        volatile MediaEndpoint publisher;
        final Map<String, MediaEndpoint> subscriptions = new ConcurrentHashMap<>();
    }

    private final SessionRegistry registry;
    private final PipelineManager pipelines;
    private final Function<String, IceConfig> iceForConnection;
    private final ParticipantDirectory directory;
    private final Map<String, ParticipantMedia> media = new ConcurrentHashMap<>();
    private final StreamReconnections reconnections;

    MediaMethods(SessionRegistry registry, PipelineManager pipelines, Function<String, IceConfig> iceForConnection,
            ParticipantDirectory directory) {
        this.registry = registry;
        this.pipelines = pipelines;
        this.iceForConnection = iceForConnection;
        this.directory = directory;
        this.reconnections = new StreamReconnections(this, registry, pipelines, iceForConnection);
    }

    void registerOn(OpenViduSignalingHandler target) {
        target.register("publishVideo", true, this::publishVideo);
        target.register("onIceCandidate", true, this::onIceCandidate);
        target.register("unpublishVideo", true, this::unpublishVideo);
        target.register("prepareReceiveVideoFrom", true, this::prepareReceiveVideoFrom);
        target.register("receiveVideoFrom", true, this::receiveVideoFrom);
        target.register("unsubscribeFromVideo", true, this::unsubscribeFromVideo);
        target.register("leaveRoom", true, this::leaveRoom);
        target.register("streamPropertyChanged", true, this::streamPropertyChanged);
        target.register("reconnectStream", true, reconnections::reconnectStream);
    }

    ParticipantMedia mediaOf(String connectionId) {
        return media.computeIfAbsent(connectionId, id -> new ParticipantMedia());
    }

    Mono<JsonNode> publishVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        if (me.role() != Role.PUBLISHER && me.role() != Role.MODERATOR) {
            throw new RpcException(RpcException.USER_UNAUTHORIZED, "Role " + me.role() + " cannot publish");
        }
        String sdpOffer = request.string("sdpOffer");
        boolean hasVideo = request.bool("hasVideo", true);
        String typeOfVideo = request.optionalString("typeOfVideo");
        Integer frameRate = request.integer("frameRate", null);
        MediaOptions options = new MediaOptions(request.bool("hasAudio", true), hasVideo,
                request.bool("audioActive", true), request.bool("videoActive", true), typeOfVideo,
                frameRate == null || frameRate < 0 ? null : frameRate, request.optionalString("videoDimensions"));
        ParticipantMedia mine = mediaOf(me.connectionId());
        StreamType type;
        try {
            type = StreamType.of(typeOfVideo, hasVideo);
        } catch (IllegalArgumentException unknown) {
            throw new RpcException(RpcException.INVALID_PARAMS, unknown.getMessage());
        }
        String streamId = StreamIds.generate(type, me.connectionId());
        SessionPipeline pipeline;
        MediaEndpoint endpoint;
        synchronized (mine) {
            if (mine.publisher != null) {
                throw new RpcException(RpcException.GENERIC, "Already publishing " + mine.publisher.name());
            }
            try {
                pipeline = pipelines.forSession(me.sessionId());
            } catch (PipelineException unavailable) {
                throw new RpcException(RpcException.MEDIA_GENERIC, unavailable.getMessage());
            }
            endpoint = pipeline.newPublisher(streamId, candidates(me, me.connectionId(), streamId));
            mine.publisher = endpoint;
        }
        return Mono.fromFuture(pipeline.publish(endpoint, sdpOffer, settingsFor(me)))
                .map(sdpAnswer -> {
                    PublisherSnapshot published;
                    try {
                        published = registry.addPublisher(me.sessionId(), me.connectionId(), streamId, options);
                    } catch (RegistryException gone) {
                        pipeline.release(endpoint);
                        throw new RpcException(RpcException.USER_NOT_FOUND, gone.getMessage());
                    }
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.put("sdpAnswer", sdpAnswer);
                    result.put("id", streamId);
                    result.put("createdAt", published.createdAt());
                    registry.connection(me.sessionId(), me.connectionId()).ifPresent(connection -> directory
                            .notifyOthers(me.sessionId(), me.connectionId(), "participantPublished",
                                    JoinRoomMethod.participant(connection)));
                    return (JsonNode) result;
                })
                .onErrorMap(PipelineException.class, failed -> {
                    synchronized (mine) {
                        if (mine.publisher == endpoint) {
                            mine.publisher = null;
                        }
                    }
                    return new RpcException(rpcCodeOf(failed), failed.getMessage());
                });
    }

    /** {endpointName, candidate, sdpMid, sdpMLineIndex}: endpointName names the stream (connection id or stream id). */
    Mono<JsonNode> onIceCandidate(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String endpointName = request.string("endpointName");
        String candidate = request.string("candidate");
        Integer index = request.integer("sdpMLineIndex", null);
        if (index == null) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param 'sdpMLineIndex' is required by onIceCandidate");
        }
        ParticipantMedia mine = mediaOf(me.connectionId());
        MediaEndpoint publisher = mine.publisher;
        // openvidu-browser's Connection.sendIceCandidate names the endpoint by the stream's connection id (its own
        // for its publisher, the publisher's for a subscription), as OpenVidu's server expects: the stream id is
        // accepted too.
        boolean own = endpointName.equals(me.connectionId()) || publisher != null && publisher.name().equals(endpointName);
        String subscribed = own ? null : subscribedStreamId(mine, endpointName);
        MediaEndpoint target = own ? publisher : subscribed == null ? null : mine.subscriptions.get(subscribed);
        if (target == null) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, "No endpoint " + endpointName + " of this participant");
        }
        target.addIceCandidate(candidate, request.optionalString("sdpMid"), index);
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    Mono<JsonNode> unpublishVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        ParticipantMedia mine = mediaOf(me.connectionId());
        MediaEndpoint publisher;
        synchronized (mine) {
            publisher = mine.publisher;
            mine.publisher = null;
        }
        if (publisher == null) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, "Not publishing");
        }
        registry.removePublisher(me.sessionId(), publisher.name()); // takes the stream's subscriptions with it
        for (ParticipantMedia other : media.values()) {
            other.subscriptions.remove(publisher.name()); // their endpoints go with the publisher's, below
        }
        directory.notifyOthers(me.sessionId(), me.connectionId(), "participantUnpublished",
                reason(me.connectionId(), "unpublish"));
        return Mono.justOrEmpty(pipelines.existing(me.sessionId()))
                .flatMap(pipeline -> Mono.fromFuture(pipeline.release(publisher)))
                .thenReturn(JsonNodeFactory.instance.objectNode());
    }

    /**
     * Server-offer subscription, step 1: {sender, reconnect} ⇒ {sdpOffer}. With {@code reconnect: true} for a stream the
     * participant receives, a new endpoint is prepared to replace its subscription, which reconnectStream {stream,
     * sdpString: the answer} completes.
     */
    Mono<JsonNode> prepareReceiveVideoFrom(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String sender = request.string("sender");
        if (request.bool("reconnect", false)) {
            return reconnections.prepareResubscription(me, sender);
        }
        NewSubscription sub = newSubscription(socket, me, sender);
        return Mono.fromFuture(sub.pipeline.prepareSubscription(sub.endpoint, settingsFor(me)))
                .map(offer -> {
                    ObjectNode result = JsonNodeFactory.instance.objectNode();
                    result.put("sdpOffer", offer);
                    return (JsonNode) result;
                })
                .onErrorMap(PipelineException.class, failed -> forgetSubscription(me, sender, sub.endpoint, failed));
    }

    /**
     * {sender, sdpAnswer}: the answer to the server's offer ⇒ {}; or {sender, sdpOffer}: a client offer ⇒
     * {sdpAnswer}.
     */
    Mono<JsonNode> receiveVideoFrom(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String sender = request.string("sender");
        String sdpAnswer = request.optionalString("sdpAnswer");
        if (sdpAnswer != null) {
            MediaEndpoint endpoint = mediaOf(me.connectionId()).subscriptions.get(sender);
            SessionPipeline pipeline = pipelines.existing(me.sessionId()).orElse(null);
            if (endpoint == null || pipeline == null) {
                throw new RpcException(RpcException.GENERIC, "No prepareReceiveVideoFrom for " + sender);
            }
            return Mono.fromFuture(pipeline.completeSubscription(endpoint, sdpAnswer))
                    .then(Mono.fromCallable(() -> subscribed(me, sender, endpoint, pipeline, null)))
                    .onErrorMap(PipelineException.class, failed -> forgetSubscription(me, sender, endpoint, failed));
        }
        String sdpOffer = request.optionalString("sdpOffer");
        if (sdpOffer == null) {
            throw new RpcException(RpcException.INVALID_PARAMS, "receiveVideoFrom needs sdpAnswer or sdpOffer");
        }
        NewSubscription sub = newSubscription(socket, me, sender);
        return Mono.fromFuture(sub.pipeline.subscribeWithOffer(sub.endpoint, sdpOffer,
                        settingsFor(me)))
                .map(answer -> subscribed(me, sender, sub.endpoint, sub.pipeline, answer))
                .onErrorMap(PipelineException.class, failed -> forgetSubscription(me, sender, sub.endpoint, failed));
    }

    /**
     * The stream id of the participant's subscription named {@code name}: a stream id, or the publisher's connection
     * id (how openvidu-browser names a subscription in onIceCandidate and unsubscribeFromVideo); null when none.
     */
    private static String subscribedStreamId(ParticipantMedia mine, String name) {
        if (mine.subscriptions.containsKey(name)) {
            return name;
        }
        for (String streamId : mine.subscriptions.keySet()) {
            if (StreamIds.connectionIdOf(streamId).filter(name::equals).isPresent()) {
                return streamId;
            }
        }
        return null;
    }

    /** {sender: the publisher's connection id (or the stream id)} ⇒ {}: releases the subscription's endpoint. */
    Mono<JsonNode> unsubscribeFromVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String sender = request.string("sender");
        ParticipantMedia mine = mediaOf(me.connectionId());
        // openvidu-browser 2.32's Session.unsubscribe sends the publisher's connection id, not the stream id.
        String streamId = subscribedStreamId(mine, sender);
        MediaEndpoint endpoint = streamId == null ? null : mine.subscriptions.remove(streamId);
        if (endpoint == null) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, "Not subscribed to " + sender);
        }
        registry.removeSubscriber(me.sessionId(), me.connectionId(), streamId);
        return Mono.justOrEmpty(pipelines.existing(me.sessionId()))
                .flatMap(pipeline -> Mono.fromFuture(pipeline.release(endpoint)))
                .thenReturn(JsonNodeFactory.instance.objectNode());
    }

    /**
     * {streamId, property, newValue, reason} for the participant's own stream ⇒ {}; the others get
     * {@code streamPropertyChanged} {connectionId, streamId, property, newValue, reason} where newValue is the JSON text
     * of what was sent ("true"; a JSON string literal for videoDimensions), which is what openvidu-browser parses.
     */
    Mono<JsonNode> streamPropertyChanged(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String streamId = request.string("streamId");
        String property = request.string("property");
        JsonNode newValue = request.params().get("newValue");
        MediaEndpoint publisher = mediaOf(me.connectionId()).publisher;
        if (publisher == null || !publisher.name().equals(streamId)) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, "Not your stream: " + streamId);
        }
        if (newValue == null) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param 'newValue' is required");
        }
        java.util.function.UnaryOperator<MediaOptions> change = switch (property) {
            case "audioActive" -> o -> new MediaOptions(o.hasAudio(), o.hasVideo(), truthy(newValue), o.videoActive(),
                    o.typeOfVideo(), o.frameRate(), o.videoDimensions());
            case "videoActive" -> o -> new MediaOptions(o.hasAudio(), o.hasVideo(), o.audioActive(), truthy(newValue),
                    o.typeOfVideo(), o.frameRate(), o.videoDimensions());
            case "videoDimensions" -> o -> new MediaOptions(o.hasAudio(), o.hasVideo(), o.audioActive(),
                    o.videoActive(), o.typeOfVideo(), o.frameRate(),
                    newValue.isString() ? newValue.stringValue() : newValue.toString());
            default -> o -> o; // videoTrack, audioTrack, filter: passed on, nothing stored
        };
        try {
            registry.updatePublisher(me.sessionId(), streamId, change);
        } catch (RegistryException gone) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, gone.getMessage());
        }
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("connectionId", me.connectionId());
        params.put("streamId", streamId);
        params.put("property", property);
        params.put("newValue", newValue.toString());
        params.put("reason", request.optionalString("reason"));
        directory.notifyOthers(me.sessionId(), me.connectionId(), "streamPropertyChanged", params);
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    private static boolean truthy(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equals(value.isString() ? value.stringValue() : null);
    }

    /** {} ⇒ {}: the participant leaves; everything it caused on KMS is released. */
    Mono<JsonNode> leaveRoom(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        registry.removeConnection(me.sessionId(), me.connectionId());
        socket.joined(null);
        directory.remove(me.sessionId(), me.connectionId());
        directory.notifyOthers(me.sessionId(), me.connectionId(), "participantLeft",
                reason(me.connectionId(), "disconnect"));
        return releaseParticipant(me.sessionId(), me.connectionId()).thenReturn(JsonNodeFactory.instance.objectNode());
    }

    /**
     * Releases a participant's publisher (with every subscription to it) and its subscriptions, forgets its state,
     * and releases the session's pipeline when no active connection is left. For leaveRoom, eviction and socket death.
     */
    Mono<Void> releaseParticipant(String sessionId, String connectionId) {
        ParticipantMedia mine = media.remove(connectionId);
        SessionPipeline pipeline = pipelines.existing(sessionId).orElse(null);
        java.util.List<java.util.concurrent.CompletableFuture<?>> releases = new java.util.ArrayList<>();
        if (mine != null && pipeline != null) {
            MediaEndpoint publisher;
            synchronized (mine) {
                publisher = mine.publisher;
                mine.publisher = null;
            }
            if (publisher != null) {
                for (ParticipantMedia other : media.values()) {
                    other.subscriptions.remove(publisher.name());
                }
                releases.add(pipeline.release(publisher));
            }
            for (MediaEndpoint subscription : mine.subscriptions.values()) {
                releases.add(pipeline.release(subscription));
            }
            mine.subscriptions.clear();
        }
        boolean nobodyLeft = registry.session(sessionId)
                .map(session -> session.connections().stream()
                        .noneMatch(c -> c.status() == io.vidgate.broker.session.ConnectionStatus.ACTIVE))
                .orElse(true);
        Mono<Void> released = Mono.fromFuture(
                java.util.concurrent.CompletableFuture.allOf(releases.toArray(java.util.concurrent.CompletableFuture[]::new)));
        return nobodyLeft ? released.then(Mono.fromFuture(() -> pipelines.releaseSession(sessionId))) : released;
    }

    /**
     * A stream the registry already removed (force-unpublished by a moderator or the REST API, or lost with its KMS):
     * forgets it on every participant and releases its endpoint, which takes the subscriptions to it along.
     */
    Mono<Void> releaseStream(String sessionId, String streamId) {
        MediaEndpoint publisher = null;
        for (ParticipantMedia participant : media.values()) {
            synchronized (participant) {
                if (participant.publisher != null && participant.publisher.name().equals(streamId)) {
                    publisher = participant.publisher;
                    participant.publisher = null;
                }
            }
            participant.subscriptions.remove(streamId);
        }
        MediaEndpoint released = publisher;
        return Mono.justOrEmpty(pipelines.existing(sessionId))
                .filter(pipeline -> released != null)
                .flatMap(pipeline -> Mono.fromFuture(pipeline.release(released)))
                .then();
    }

    private record NewSubscription(SessionPipeline pipeline, MediaEndpoint endpoint) {
    }

    /** Records the subscription synchronously (trickled candidates find it), before any KMS call. */
    private NewSubscription newSubscription(SocketSession socket, SocketSession.Participant me, String sender) {
        String publisherConnection = StreamIds.connectionIdOf(sender).orElseThrow(
                () -> new RpcException(RpcException.USER_NOT_STREAMING, "Not a stream id: " + sender));
        // Media state is keyed by connection id across sessions: a stream of another session must be refused here
        // as "not published" (the pipeline would refuse it too, but as an internal error).
        ParticipantMedia theirs = registry.connection(me.sessionId(), publisherConnection).isPresent()
                ? media.get(publisherConnection) : null;
        MediaEndpoint source = theirs == null ? null : theirs.publisher;
        SessionPipeline pipeline = pipelines.existing(me.sessionId()).orElse(null);
        if (source == null || !source.name().equals(sender) || pipeline == null) {
            throw new RpcException(RpcException.USER_NOT_STREAMING, "Stream " + sender + " is not being published");
        }
        ParticipantMedia mine = mediaOf(me.connectionId());
        synchronized (mine) {
            if (mine.subscriptions.containsKey(sender)) {
                throw new RpcException(RpcException.GENERIC, "Already subscribed to " + sender);
            }
            MediaEndpoint endpoint = pipeline.newSubscriber(me.connectionId() + "_" + sender, source,
                    candidates(me, publisherConnection, sender));
            mine.subscriptions.put(sender, endpoint);
            return new NewSubscription(pipeline, endpoint);
        }
    }

    private JsonNode subscribed(SocketSession.Participant me, String sender, MediaEndpoint endpoint,
            SessionPipeline pipeline, String sdpAnswer) {
        try {
            registry.addSubscriber(me.sessionId(), me.connectionId(), sender);
        } catch (RegistryException gone) {
            mediaOf(me.connectionId()).subscriptions.remove(sender, endpoint);
            pipeline.release(endpoint);
            throw new RpcException(RpcException.USER_NOT_STREAMING, gone.getMessage());
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        if (sdpAnswer != null) {
            result.put("sdpAnswer", sdpAnswer);
        }
        return result;
    }

    private RpcException forgetSubscription(SocketSession.Participant me, String sender, MediaEndpoint endpoint,
            PipelineException failed) {
        mediaOf(me.connectionId()).subscriptions.remove(sender, endpoint);
        pipelines.existing(me.sessionId()).ifPresent(pipeline -> pipeline.release(endpoint));
        return new RpcException(rpcCodeOf(failed), failed.getMessage());
    }

    private static ObjectNode reason(String connectionId, String reason) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("connectionId", connectionId);
        params.put("reason", reason);
        return params;
    }

    /** KMS candidates of an endpoint ⇒ {@code iceCandidate} notifications to the participant's socket. */
    EndpointListener candidates(SocketSession.Participant me, String senderConnectionId, String endpointName) {
        return new EndpointListener() {
            @Override
            public void iceCandidate(String kmsName, String candidate, String sdpMid, int sdpMLineIndex) {
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.put("senderConnectionId", senderConnectionId);
                params.put("endpointName", endpointName);
                params.put("candidate", candidate);
                params.put("sdpMid", sdpMid);
                params.put("sdpMLineIndex", sdpMLineIndex);
                directory.notify(me.sessionId(), me.connectionId(), "iceCandidate", params);
            }

            @Override
            public void mediaError(String kmsName, String description, int errorCode) {
                ObjectNode params = JsonNodeFactory.instance.objectNode();
                params.put("error", description);
                directory.notify(me.sessionId(), me.connectionId(), "mediaError", params);
            }
        };
    }

    /**
     * What the participant's WebRtcEndpoints are set up with: its own STUN/TURN credential, the server's video
     * bandwidths overridden by its connection's kurentoOptions, its session's forcedVideoCodec/allowTranscoding.
     */
    EndpointSettings settingsFor(SocketSession.Participant me) {
        SessionProperties session = registry.session(me.sessionId()).map(SessionSnapshot::properties)
                .orElse(SessionProperties.DEFAULT);
        return EndpointSettings.of(iceForConnection.apply(me.connectionId()), pipelines.videoBandwidth(),
                registry.connection(me.sessionId(), me.connectionId())
                        .map(connection -> connection.properties().kurentoOptions()).orElse(null),
                session.forcedVideoCodec(), session.allowTranscoding());
    }

    /** OpenVidu's error code for a failed media step: 302 for a refused SDP, 800 for a missing forced codec, else 301. */
    static int rpcCodeOf(PipelineException failed) {
        return switch (failed.kind()) {
            case BAD_SDP -> RpcException.MEDIA_SDP;
            case FORCED_CODEC_NOT_FOUND -> RpcErrorCodes.FORCED_CODEC_NOT_FOUND_IN_SDPOFFER;
            default -> RpcException.MEDIA_GENERIC;
        };
    }
}
