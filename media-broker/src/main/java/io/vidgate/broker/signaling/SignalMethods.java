package io.vidgate.broker.signaling;

import java.util.ArrayList;
import java.util.List;

import io.vidgate.broker.session.RegistryException;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.rpc.OpenViduMethods;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code sendMessage} {message: "{\"to\":[…],\"data\":…,\"type\":\"signal:x\"}"} (a JSON string, as
 * openvidu-browser's {@code Session.signal} sends it). Delivery goes through the registry, which checks the recipients
 * and reports {@code signalSent} ({@link SignalingSessionEvents} delivers). Each socket may signal at
 * {@code vidgate.signaling.signals-per-second} with a burst: one signal to all costs the broker a frame per
 * participant, so a client looping on {@code Session.signal} would otherwise multiply its own traffic by the room.
 */
final class SignalMethods {

    private final SessionRegistry registry;
    private final JsonMapper json;

    SignalMethods(SessionRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    void registerOn(OpenViduSignalingHandler target) {
        target.register(OpenViduMethods.SEND_MESSAGE, true, this::sendMessage);
    }

    Mono<JsonNode> sendMessage(SocketSession socket, RpcRequest request) {
        SocketSession.Participant me = socket.participant();
        if (!socket.allowSignal()) {
            // An error, not a disconnect: openvidu-browser rejects that one signal() promise and the app goes on.
            // A client that keeps flooding only gets these small answers, and if it stops reading them its socket
            // is closed by the outbound queue bound.
            throw new RpcException(RpcException.GENERIC, "Too many signals: over vidgate.signaling.signals-per-second;"
                    + " try again later");
        }
        JsonNode message;
        try {
            message = json.readTree(request.string("message"));
        } catch (RuntimeException notJson) {
            throw new RpcException(RpcException.SIGNAL_FORMAT_INVALID, "'message' is not a JSON object");
        }
        if (message == null || !message.isObject()) {
            throw new RpcException(RpcException.SIGNAL_FORMAT_INVALID, "'message' is not a JSON object");
        }
        List<String> to = new ArrayList<>();
        JsonNode toNode = message.get("to");
        if (toNode != null && !toNode.isNull()) {
            if (!toNode.isArray()) {
                throw new RpcException(RpcException.SIGNAL_FORMAT_INVALID, "'to' must be an array of connection ids");
            }
            for (JsonNode id : toNode) {
                if (!id.isString()) {
                    throw new RpcException(RpcException.SIGNAL_TO_INVALID, "'to' must hold connection ids");
                }
                to.add(id.stringValue());
            }
        }
        String data = text(message.get("data"));
        String type = text(message.get("type"));
        try {
            registry.sendSignal(new Signal(me.sessionId(), to, type, data, me.connectionId()));
        } catch (RegistryException refused) {
            int code = refused.problem() == RegistryException.Problem.INVALID_RECIPIENT ? RpcException.SIGNAL_TO_INVALID
                    : RpcException.GENERIC;
            throw new RpcException(code, refused.getMessage());
        }
        return Mono.just(JsonNodeFactory.instance.objectNode());
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
