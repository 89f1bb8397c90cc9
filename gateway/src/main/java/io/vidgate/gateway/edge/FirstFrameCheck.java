package io.vidgate.gateway.edge;

import io.vidgate.gateway.edge.ResumableSessions.Resumable;
import io.vidgate.protocol.rpc.JsonRpcError;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.rpc.OpenViduMethods.ConnectParams;
import io.vidgate.protocol.rpc.OpenViduMethods.JoinRoomParams;
import io.vidgate.protocol.rpc.OpenViduMethods.PingResult;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides on the frames a client sends before it is piped: the heartbeat {@code ping}s openvidu-browser sends as
 * soon as the socket opens, answered by the edge itself, then the one frame that can open the pipe — a
 * {@code joinRoom} with a token valid for the session it names, or a resume of a socket this gateway piped before.
 * Everything else is refused, with the JSON-RPC error to answer.
 */
final class FirstFrameCheck {

    private static final Logger log = LoggerFactory.getLogger(FirstFrameCheck.class);

    private static final JsonRpcError TOO_LARGE = new JsonRpcError(RpcErrorCodes.INVALID_REQUEST,
            "The first request is too large");
    private static final JsonRpcError PARSE_ERROR = new JsonRpcError(RpcErrorCodes.PARSE_ERROR, "Parse error");
    private static final JsonRpcError NOT_JOIN_ROOM = new JsonRpcError(RpcErrorCodes.INVALID_REQUEST,
            "The first request must be " + OpenViduMethods.JOIN_ROOM);
    private static final JsonRpcError UNAUTHORIZED = new JsonRpcError(RpcErrorCodes.USER_UNAUTHORIZED, "Unauthorized");

    private final int maxFirstFrameBytes;
    private final ConnectionTokenVerifier verifier;
    private final ResumableSessions resumable;
    private final JsonMapper json;

    FirstFrameCheck(int maxFirstFrameBytes, ConnectionTokenVerifier verifier, ResumableSessions resumable,
            JsonMapper json) {
        this.maxFirstFrameBytes = maxFirstFrameBytes;
        this.verifier = verifier;
        this.resumable = resumable;
        this.json = json;
    }

    /** The verdict on a client's first frame other than a heartbeat: joinRoom, or openvidu-browser's resume. */
    Admission verdict(Frame first, String handshakeToken) {
        if (first.payload().length > maxFirstFrameBytes) {
            return Admission.refused(EdgeRefusal.FIRST_FRAME_TOO_LARGE, null, CloseStatus.TOO_BIG_TO_PROCESS,
                    TOO_LARGE);
        }
        if (!first.text()) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, null, CloseStatus.POLICY_VIOLATION, PARSE_ERROR);
        }
        JsonNode request;
        try {
            request = json.readTree(first.asText());
        } catch (RuntimeException notJson) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, null, CloseStatus.POLICY_VIOLATION, PARSE_ERROR);
        }
        JsonNode id = request != null && request.isObject() && (request.path("id").isNumber() || request.path("id").isString())
                ? request.get("id") : null;
        boolean wellFormed = request != null && request.isObject() && "2.0".equals(text(request.get("jsonrpc")))
                && id != null && request.path("params").isObject();
        JsonNode reconnect = request != null ? request.path("params").path(ConnectParams.RECONNECT) : null;
        if (wellFormed && OpenViduMethods.CONNECT.equals(text(request.get("method")))
                && reconnect.isBoolean() && reconnect.asBoolean()) {
            return resume(first, id, text(request.path("params").get(ConnectParams.SESSION_ID)));
        }
        if (!wellFormed || !OpenViduMethods.JOIN_ROOM.equals(text(request.get("method")))) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, id, CloseStatus.POLICY_VIOLATION, NOT_JOIN_ROOM);
        }
        ObjectNode params = (ObjectNode) request.get("params");
        String session = text(params.get(JoinRoomParams.SESSION));
        String secret = text(params.get(JoinRoomParams.SECRET));
        String token = text(params.get(JoinRoomParams.TOKEN));
        if (secret != null && !secret.isEmpty()) {
            return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, UNAUTHORIZED);
        }
        try {
            VerifiedConnectionToken verified = null;
            if (token != null && !token.isEmpty()) {
                verified = verifier.verifyJoinRoomToken(token, session);
            }
            if (handshakeToken != null) {
                VerifiedConnectionToken fromHandshake = verifier.verifyJoinRoomToken(handshakeToken,
                        verified != null ? verified.sessionId() : session);
                if (verified == null) {
                    // The broker verifies the joinRoom token again: hand it the one the client authenticated with.
                    params.put(JoinRoomParams.TOKEN, handshakeToken);
                    verified = fromHandshake;
                }
            }
            if (verified == null) {
                return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, UNAUTHORIZED);
            }
            Frame up = handshakeToken != null && (token == null || token.isEmpty())
                    ? Frame.text(json.writeValueAsString(request)) : first;
            log.debug("joinRoom admitted: session {} connection {}", verified.sessionId(), verified.connectionId());
            return Admission.joined(id, up, new Resumable(verified.sessionId(), verified.connectionId()));
        } catch (TokenRejectedException rejected) {
            log.info("joinRoom token refused: {}", rejected.getMessage()); // the message never contains the token
            return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, UNAUTHORIZED);
        }
    }

    /**
     * openvidu-browser's first frame after a dropped socket. Admitted, unchanged, for an rpcSessionId this gateway
     * learned from the broker's answer to a verified joinRoom; otherwise answered as kurento-jsonrpc answers an
     * unknown one ({@link JsonRpcError#RECONNECTION}), on which openvidu-browser reports {@code networkDisconnect} and
     * closes the socket itself instead of reconnecting again.
     */
    private Admission resume(Frame first, JsonNode id, String rpcSessionId) {
        Resumable who = rpcSessionId == null ? null : resumable.claim(rpcSessionId);
        if (who == null) {
            return Admission.refused(EdgeRefusal.UNKNOWN_RESUME, id, CloseStatus.POLICY_VIOLATION,
                    JsonRpcError.RECONNECTION);
        }
        log.debug("resume admitted: session {} connection {}", who.sessionId(), who.connectionId());
        return Admission.resumed(id, first, who, rpcSessionId);
    }

    /** The id of a JSON-RPC 2.0 {@code ping} request (params absent or an object), or null for any other frame. */
    JsonNode heartbeatPing(Frame frame) {
        if (!frame.text() || frame.payload().length > maxFirstFrameBytes) {
            return null;
        }
        JsonNode request;
        try {
            request = json.readTree(frame.payload());
        } catch (RuntimeException notJson) {
            return null;
        }
        if (request == null || !request.isObject() || !"2.0".equals(text(request.get("jsonrpc")))
                || !OpenViduMethods.PING.equals(text(request.get("method")))
                || request.has("params") && !request.get("params").isObject()) {
            return null;
        }
        JsonNode id = request.get("id");
        return id != null && (id.isNumber() || id.isString()) ? id : null;
    }

    /** The broker's answer to {@code ping}. */
    String pong(JsonNode id) {
        ObjectNode answer = json.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        answer.putObject("result").put(PingResult.VALUE_FIELD, PingResult.PONG);
        return json.writeValueAsString(answer);
    }

    /** The JSON-RPC error answering a refusal that has one. */
    String errorAnswer(Admission refusal) {
        ObjectNode error = json.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", refusal.id());
        if (refusal.id() == null) {
            error.putNull("id");
        }
        error.putObject("error")
                .put("code", refusal.error().code())
                .put("message", refusal.error().message());
        return json.writeValueAsString(error);
    }

    static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }
}
