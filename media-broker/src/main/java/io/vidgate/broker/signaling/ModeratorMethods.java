package io.vidgate.broker.signaling;

import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.broker.session.RegistryException;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.protocol.Role;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code forceDisconnect} {connectionId} and {@code forceUnpublish} {streamId}: MODERATOR only, within the
 * moderator's own session. They go through the registry exactly like the REST API's DELETEs, so the
 * {@link SignalingSessionEvents} tell everyone and release the media in one place.
 */
final class ModeratorMethods {

    private final SessionRegistry registry;

    ModeratorMethods(SessionRegistry registry) {
        this.registry = registry;
    }

    void registerOn(OpenViduSignalingHandler handler) {
        handler.register("forceDisconnect", true, this::forceDisconnect);
        handler.register("forceUnpublish", true, this::forceUnpublish);
    }

    Mono<JsonNode> forceDisconnect(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = moderator(socket, "forceDisconnect");
        String connectionId = request.string("connectionId");
        try {
            if (registry.evictConnection(me.sessionId(), connectionId, EndReason.FORCE_DISCONNECT_BY_USER).isEmpty()) {
                throw new RpcException(RpcException.USER_NOT_FOUND, "No connection " + connectionId + " in this session");
            }
        } catch (RegistryException sessionGone) {
            throw new RpcException(RpcException.ROOM_NOT_FOUND, sessionGone.getMessage());
        }
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    Mono<JsonNode> forceUnpublish(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = moderator(socket, "forceUnpublish");
        String streamId = request.string("streamId");
        try {
            if (registry.forceUnpublish(me.sessionId(), streamId, EndReason.FORCE_UNPUBLISH_BY_USER).isEmpty()) {
                throw new RpcException(RpcException.USER_NOT_STREAMING, "No stream " + streamId + " in this session");
            }
        } catch (RegistryException sessionGone) {
            throw new RpcException(RpcException.ROOM_NOT_FOUND, sessionGone.getMessage());
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
