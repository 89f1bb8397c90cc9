package io.vidgate.broker.signaling;

import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code forceDisconnect} {connectionId} and {@code forceUnpublish} {streamId}: MODERATOR only, within the
 * moderator's own session; the room removes the participant or stops the stream as the REST API's DELETEs do, with
 * the {@code …ByUser} reasons.
 */
final class ModeratorMethods {

    void registerOn(OpenViduSignalingHandler handler) {
        handler.register(OpenViduMethods.FORCE_DISCONNECT, true, this::forceDisconnect);
        handler.register(OpenViduMethods.FORCE_UNPUBLISH, true, this::forceUnpublish);
    }

    Mono<JsonNode> forceDisconnect(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = moderator(socket, OpenViduMethods.FORCE_DISCONNECT);
        String connectionId = request.string("connectionId");
        if (me.room().leave(connectionId, EndReason.FORCE_DISCONNECT_BY_USER).isEmpty()) {
            throw new RpcException(RpcErrorCodes.USER_NOT_FOUND, "No connection " + connectionId + " in this session");
        }
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    Mono<JsonNode> forceUnpublish(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = moderator(socket, OpenViduMethods.FORCE_UNPUBLISH);
        String streamId = request.string("streamId");
        if (me.room().forceUnpublish(streamId, EndReason.FORCE_UNPUBLISH_BY_USER).isEmpty()) {
            throw new RpcException(RpcErrorCodes.USER_NOT_STREAMING, "No stream " + streamId + " in this session");
        }
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    private static SocketSession.Participant moderator(SocketSession socket, String method) {
        SocketSession.Participant me = socket.participant();
        if (me.role() != Role.MODERATOR) {
            throw new RpcException(RpcException.FORBIDDEN_ROLE, "Only a MODERATOR may " + method + "; this is a " + me.role());
        }
        return me;
    }
}
