package io.vidgate.broker.signaling;

import java.util.function.UnaryOperator;

import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.StreamPropertyChange;
import io.vidgate.broker.room.VideoData;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamIds;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The media methods: publishVideo, onIceCandidate, unpublishVideo, prepareReceiveVideoFrom/receiveVideoFrom (server
 * or client offer), unsubscribeFromVideo, streamPropertyChanged, reconnectStream and leaveRoom. Each reads the
 * request's parameters, calls the participant's {@link Room} and writes the answer openvidu-browser 2.32 reads; the
 * room records the change at once (so a trickled candidate right after publishVideo finds its endpoint) and
 * negotiates without blocking.
 */
final class MediaMethods {

    void registerOn(OpenViduSignalingHandler target) {
        target.register(OpenViduMethods.PUBLISH_VIDEO, true, this::publishVideo);
        target.register(OpenViduMethods.ON_ICE_CANDIDATE, true, this::onIceCandidate);
        target.register(OpenViduMethods.UNPUBLISH_VIDEO, true, this::unpublishVideo);
        target.register(OpenViduMethods.PREPARE_RECEIVE_VIDEO_FROM, true, this::prepareReceiveVideoFrom);
        target.register(OpenViduMethods.RECEIVE_VIDEO_FROM, true, this::receiveVideoFrom);
        target.register(OpenViduMethods.UNSUBSCRIBE_FROM_VIDEO, true, this::unsubscribeFromVideo);
        target.register(OpenViduMethods.LEAVE_ROOM, true, this::leaveRoom);
        target.register(OpenViduMethods.STREAM_PROPERTY_CHANGED, true, this::streamPropertyChanged);
        target.register(OpenViduMethods.RECONNECT_STREAM, true, this::reconnectStream);
        target.register(OpenViduMethods.VIDEO_DATA, true, this::videoData);
    }

    /** {sdpOffer, hasAudio, hasVideo, audioActive, videoActive, typeOfVideo, frameRate, videoDimensions} ⇒ {sdpAnswer, id, createdAt}. */
    Mono<JsonNode> publishVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        if (me.role() != Role.PUBLISHER && me.role() != Role.MODERATOR) {
            throw new RpcException(RpcErrorCodes.USER_UNAUTHORIZED, "Role " + me.role() + " cannot publish");
        }
        refuseFilter(me, request.params().get("filter"));
        String sdpOffer = request.string("sdpOffer");
        boolean hasVideo = request.bool("hasVideo", true);
        String typeOfVideo = request.optionalString("typeOfVideo");
        Integer frameRate = request.integer("frameRate", null);
        MediaOptions options = new MediaOptions(request.bool("hasAudio", true), hasVideo,
                request.bool("audioActive", true), request.bool("videoActive", true), typeOfVideo,
                frameRate == null || frameRate < 0 ? null : frameRate, request.optionalString("videoDimensions"));
        StreamType type;
        try {
            type = StreamType.of(typeOfVideo, hasVideo);
        } catch (IllegalArgumentException unknown) {
            throw new RpcException(RpcErrorCodes.INVALID_PARAMS, unknown.getMessage());
        }
        return RoomErrors.call(() -> me.room().publish(me.connectionId(), type, options, sdpOffer))
                .map(MediaMethods::published);
    }

    /** {endpointName, candidate, sdpMid, sdpMLineIndex}: endpointName names the stream (connection id or stream id). */
    Mono<JsonNode> onIceCandidate(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String endpointName = request.string("endpointName");
        String candidate = request.string("candidate");
        Integer index = request.integer("sdpMLineIndex", null);
        if (index == null) {
            throw new RpcException(RpcErrorCodes.INVALID_PARAMS, "Param 'sdpMLineIndex' is required by onIceCandidate");
        }
        // openvidu-browser's Connection.sendIceCandidate names the endpoint by the stream's connection id (its own
        // for its publisher, the publisher's for a subscription), as OpenVidu's server expects: the stream id is
        // accepted too.
        RoomErrors.run(() -> me.room().addIceCandidate(me.connectionId(), endpointName, candidate,
                request.optionalString("sdpMid"), index));
        return empty();
    }

    Mono<JsonNode> unpublishVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        RoomErrors.run(() -> me.room().unpublish(me.connectionId()));
        return empty();
    }

    /**
     * Server-offer subscription, step 1: {sender, reconnect} ⇒ {sdpOffer}. With {@code reconnect: true} for a stream the
     * participant receives, a new endpoint is prepared to replace its subscription, which reconnectStream {stream,
     * sdpString: the answer} completes.
     */
    Mono<JsonNode> prepareReceiveVideoFrom(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String sender = request.string("sender");
        Room room = me.room();
        return RoomErrors.call(() -> request.bool("reconnect", false)
                        ? room.replacements().prepareResubscription(me.connectionId(), sender)
                        : room.subscribe(me.connectionId(), streamId(sender), null))
                .map(offer -> answer("sdpOffer", offer));
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
            return RoomErrors.call(() -> me.room().completeSubscription(me.connectionId(), sender, sdpAnswer))
                    .then(empty());
        }
        String sdpOffer = request.optionalString("sdpOffer");
        if (sdpOffer == null) {
            throw new RpcException(RpcErrorCodes.INVALID_PARAMS, "receiveVideoFrom needs sdpAnswer or sdpOffer");
        }
        return RoomErrors.call(() -> me.room().subscribe(me.connectionId(), streamId(sender), sdpOffer))
                .map(answer -> answer("sdpAnswer", answer));
    }

    /** {sender: the publisher's connection id (or the stream id)} ⇒ {}: releases the subscription's endpoint. */
    Mono<JsonNode> unsubscribeFromVideo(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        // openvidu-browser 2.32's Session.unsubscribe sends the publisher's connection id, not the stream id.
        String sender = request.string("sender");
        RoomErrors.run(() -> me.room().unsubscribe(me.connectionId(), sender));
        return empty();
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
        if (newValue == null) {
            throw new RpcException(RpcErrorCodes.INVALID_PARAMS, "Param 'newValue' is required");
        }
        UnaryOperator<MediaOptions> change = switch (property) {
            case "audioActive" -> o -> o.withAudioActive(truthy(newValue));
            case "videoActive" -> o -> o.withVideoActive(truthy(newValue));
            case "videoDimensions" -> o -> o.withVideoDimensions(
                    newValue.isString() ? newValue.stringValue() : newValue.toString());
            default -> o -> o; // videoTrack, audioTrack, filter: passed on, nothing stored
        };
        StreamPropertyChange notice = new StreamPropertyChange(me.connectionId(), streamId, property,
                newValue.toString(), request.optionalString("reason"));
        RoomErrors.run(() -> me.room().changeStream(me.connectionId(), streamId, change, notice));
        return empty();
    }

    /**
     * openvidu-browser 2.32 after an ICE failure (Stream.reconnectStream), on a stream of its own or one it receives:
     * <ul>
     * <li>{stream: its own stream id, sdpString (or sdpOffer): a new offer} ⇒ {sdpAnswer, id, createdAt}: a new
     * publisher endpoint takes the old one's place; subscribers are told nothing;</li>
     * <li>{stream: a stream it receives, sdpOffer, forciblyReconnect} ⇒ {sdpAnswer}: a new subscription endpoint takes
     * the old one's place (what it sends with mediaServer "kurento");</li>
     * <li>{stream, sdpString: the answer to prepareReceiveVideoFrom's offer with reconnect: true} ⇒ {}.</li>
     * </ul>
     */
    Mono<JsonNode> reconnectStream(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        String stream = request.string("stream");
        String sdpOffer = request.optionalString("sdpOffer");
        String sdpString = request.optionalString("sdpString");
        Room room = me.room();
        boolean own = StreamIds.connectionIdOf(stream).filter(me.connectionId()::equals).isPresent();
        if (own) {
            String offer = sdpOffer != null ? sdpOffer : sdpString;
            if (offer == null) {
                throw new RpcException(RpcErrorCodes.INVALID_PARAMS, "reconnectStream needs sdpString or sdpOffer");
            }
            return RoomErrors.call(() -> room.replacements().republish(me.connectionId(), stream, offer))
                    .map(MediaMethods::published);
        }
        if (sdpOffer != null) {
            return RoomErrors.call(() -> room.replacements().resubscribe(me.connectionId(), stream, sdpOffer))
                    .map(answer -> answer("sdpAnswer", answer));
        }
        if (sdpString != null) {
            return RoomErrors.call(() -> room.replacements().completeResubscription(me.connectionId(), stream, sdpString))
                    .then(empty());
        }
        throw new RpcException(RpcErrorCodes.INVALID_PARAMS, "reconnectStream needs sdpOffer or sdpString");
    }

    /**
     * {height, width, videoActive, audioActive} ⇒ {}: openvidu-browser sends it after publishing, and again every few
     * seconds from its getStats loop (Chrome, Safari).
     */
    Mono<JsonNode> videoData(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        VideoData data = new VideoData(request.integer("height", null), request.integer("width", null),
                request.params().has("videoActive") ? request.bool("videoActive", false) : null,
                request.params().has("audioActive") ? request.bool("audioActive", false) : null);
        RoomErrors.run(() -> me.room().videoData(me.connectionId(), data));
        return empty();
    }

    /** {} ⇒ {}: the participant leaves; everything it caused on KMS is released. */
    Mono<JsonNode> leaveRoom(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        me.room().leave(me.connectionId(), EndReason.DISCONNECT);
        return empty();
    }

    /**
     * A publish-time {@code filter} ({type, options}, openvidu-browser's {@code PublisherProperties.filter}) is refused
     * with OpenVidu's FILTER_NOT_APPLIED: silently dropping it would leave the browser believing it applied
     * ({@code Stream.filter} is set locally). OpenVidu's messages, for a malformed filter and one the token does not
     * allow; any other is refused because Vidgate has no filters yet.
     */
    private static void refuseFilter(SocketSession.Participant me, JsonNode filter) {
        if (filter == null || filter.isNull()) {
            return;
        }
        JsonNode type = filter.get("type");
        JsonNode options = filter.get("options");
        if (type == null || !type.isString() || options == null || !options.isObject()) {
            throw new RpcException(RpcErrorCodes.FILTER_NOT_APPLIED,
                    "'filter' parameter wrong: it needs a string 'type' and an object 'options'");
        }
        boolean allowed = me.room().connection(me.connectionId())
                .map(connection -> connection.properties().kurentoOptions())
                .map(kurento -> kurento.allowedFilters().contains(type.stringValue()))
                .orElse(false);
        String failure = allowed ? "Filters are not available in this Vidgate version"
                : "The token has no permissions to apply filter " + type.stringValue();
        throw new RpcException(RpcErrorCodes.FILTER_NOT_APPLIED,
                "Error applying filter for publishing user " + me.connectionId() + ". " + failure);
    }

    /** A subscription names its stream by id; anything else is refused before the room is asked. */
    private static String streamId(String sender) {
        if (!StreamIds.isValid(sender)) {
            throw new RpcException(RpcErrorCodes.USER_NOT_STREAMING, "Not a stream id: " + sender);
        }
        return sender;
    }

    private static boolean truthy(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : "true".equals(value.isString() ? value.stringValue() : null);
    }

    /** publishVideo's answer, and reconnectStream's for a publisher: {sdpAnswer, id, createdAt}. */
    private static JsonNode published(Room.Published published) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("sdpAnswer", published.sdpAnswer());
        result.put("id", published.streamId());
        result.put("createdAt", published.createdAt());
        return result;
    }

    private static JsonNode answer(String field, String sdp) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put(field, sdp);
        return result;
    }

    private static Mono<JsonNode> empty() {
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }
}
