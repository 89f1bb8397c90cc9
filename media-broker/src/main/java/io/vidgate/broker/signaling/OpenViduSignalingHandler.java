package io.vidgate.broker.signaling;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenVidu 2 JSON-RPC endpoint {@code /openvidu} (reached only through the gateway, which already checked the
 * token; {@code joinRoom} checks it again). One {@link SocketSession} per socket; requests are dispatched as they
 * arrive (a method registers its state synchronously before it goes asynchronous, so a trickled candidate that
 * follows {@code publishVideo} finds its endpoint), answers and notifications go out through the socket's sink.
 *
 * <p>Anything that is not a valid request, an unknown method, or a method refused (not joined, wrong role, bad
 * params) gets a JSON-RPC error; the socket stays open and the session unharmed.
 */
public class OpenViduSignalingHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenViduSignalingHandler.class);

    /** A method: answers the result (any JSON) or fails with an {@link RpcException}. */
    @FunctionalInterface
    public interface Method {
        Mono<JsonNode> call(SocketSession socket, RpcRequest request);
    }

    private record Registration(Method method, boolean needsJoin) {
    }

    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Registration> methods = new ConcurrentHashMap<>();
    private final Map<String, SocketSession> sockets = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<SocketSession>> closeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public OpenViduSignalingHandler(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
        registerNotYetImplemented();
        register("ping", false, (socket, request) -> {
            ObjectNode pong = JsonNodeFactory.instance.objectNode();
            pong.put("value", "pong");
            return Mono.just(pong);
        });
        // openvidu-browser probes the socket with 'echo' when ICE fails, and Chromium clients report their video
        // size with 'videoData' every few seconds; both only need an answer.
        Method acknowledge = (socket, request) -> Mono.just(JsonNodeFactory.instance.objectNode());
        register("echo", true, acknowledge);
        register("videoData", true, acknowledge);
    }

    /**
     * Every method openvidu-browser 2.32 sends, refused before {@code joinRoom}. The ones Vidgate does not implement
     * (filters, speech to text, recording-era extras) keep answering a clear error.
     */
    static final java.util.List<String> OPENVIDU_METHODS_NEEDING_JOIN = java.util.List.of("publishVideo",
            "prepareReceiveVideoFrom", "receiveVideoFrom", "onIceCandidate", "unpublishVideo", "unsubscribeFromVideo",
            "leaveRoom", "sendMessage", "streamPropertyChanged", "forceDisconnect", "forceUnpublish",
            "reconnectStream", "videoData", "echo", "applyFilter", "removeFilter", "execFilterMethod",
            "addFilterEventListener", "removeFilterEventListener", "subscribeToSpeechToText",
            "unsubscribeFromSpeechToText", "sessionStatus");

    private void registerNotYetImplemented() {
        Method notYet = (socket, request) -> Mono.error(new RpcException(RpcException.GENERIC,
                "'" + request.method() + "' is not supported by Vidgate"));
        register("joinRoom", false, notYet);
        register("connect", false, notYet);
        for (String name : OPENVIDU_METHODS_NEEDING_JOIN) {
            register(name, true, notYet);
        }
    }

    /** Adds (or replaces) a method; {@code needsJoin}: refused before a successful {@code joinRoom}. */
    public final void register(String name, boolean needsJoin, Method method) {
        methods.put(name, new Registration(method, needsJoin));
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        SocketSession socket = new SocketSession(ws.getId(), clientIp(ws), clock.millis());
        socket.closer(() -> ws.close(org.springframework.web.reactive.socket.CloseStatus.GOING_AWAY).subscribe());
        sockets.put(socket.socketId(), socket);
        Mono<Void> out = ws.send(socket.outbound().asFlux().map(ws::textMessage));
        Mono<Void> in = ws.receive()
                .doOnNext(message -> receive(socket, message))
                .then();
        return Mono.zip(in, out).then()
                .doFinally(signal -> {
                    sockets.remove(socket.socketId());
                    socket.close();
                    for (java.util.function.Consumer<SocketSession> listener : closeListeners) {
                        try {
                            listener.accept(socket);
                        } catch (RuntimeException failed) {
                            log.warn("A socket close listener failed", failed);
                        }
                    }
                });
    }

    /**
     * The client's address: the broker is reached only through the gateway, which sets {@code X-Forwarded-For} to
     * the client's TCP peer; its first entry is taken.
     */
    private static String clientIp(WebSocketSession ws) {
        String forwarded = ws.getHandshakeInfo().getHeaders().getFirst("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            return forwarded.split(",", 2)[0].trim();
        }
        java.net.InetSocketAddress peer = ws.getHandshakeInfo().getRemoteAddress();
        return peer == null ? null : peer.getAddress().getHostAddress();
    }

    /** Told once per socket when it is gone (closed by either side, evicted, or the connection died). */
    public void addCloseListener(java.util.function.Consumer<SocketSession> listener) {
        closeListeners.add(listener);
    }

    /**
     * Closes every socket silent (no frame, pings included) for longer than {@code maxSilence}: openvidu-browser
     * pings every few seconds, OpenVidu evicts after ~10 s. Run periodically by {@code ParticipantLifecycle}.
     *
     * @return the sockets closed
     */
    public java.util.List<SocketSession> closeSilent(java.time.Duration maxSilence) {
        long limit = clock.millis() - maxSilence.toMillis();
        java.util.List<SocketSession> silent = sockets.values().stream()
                .filter(socket -> socket.lastSeenMillis() < limit).toList();
        silent.forEach(SocketSession::closeSocket);
        return silent;
    }

    /** Number of open sockets (tests, metrics). */
    public int openSockets() {
        return sockets.size();
    }

    /**
     * JSON-RPC travels in text frames. A binary frame gets the parse error a text frame that is not JSON gets (it
     * used to be dropped without an answer, leaving its sender waiting); WebSocket pings and pongs are not requests.
     */
    private void receive(SocketSession socket, WebSocketMessage message) {
        switch (message.getType()) {
            case TEXT -> receive(socket, message.getPayloadAsText());
            case BINARY -> {
                socket.seen(clock.millis());
                socket.send(error(null, new RpcException(RpcException.PARSE_ERROR,
                        "Parse error: JSON-RPC frames are text, this one is binary")));
            }
            default -> {
            }
        }
    }

    private void receive(SocketSession socket, String frame) {
        socket.seen(clock.millis());
        RpcRequest request;
        try {
            request = RpcRequest.parse(frame, json);
        } catch (RpcRequest.Malformed malformed) {
            socket.send(error(malformed.id, malformed));
            return;
        }
        Mono<JsonNode> result;
        try {
            Registration registration = methods.get(request.method());
            if (registration == null) {
                throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found: " + request.method());
            }
            if (registration.needsJoin() && socket.participant() == null) {
                throw new RpcException(RpcException.NOT_JOINED, "'" + request.method() + "' before joinRoom");
            }
            result = registration.method().call(socket, request);
        } catch (RpcException refused) {
            result = Mono.error(refused);
        } catch (RuntimeException bug) {
            log.warn("Method {} failed", request.method(), bug);
            result = Mono.error(new RpcException(RpcException.INTERNAL_ERROR, "Internal error"));
        }
        result.subscribe(
                value -> reply(socket, request, value),
                failure -> {
                    RpcException rpc = failure instanceof RpcException e ? e
                            : new RpcException(RpcException.INTERNAL_ERROR, "Internal error");
                    if (!(failure instanceof RpcException)) {
                        log.warn("Method {} failed", request.method(), failure);
                    }
                    if (request.id() != null) {
                        socket.send(error(request.id(), rpc));
                    }
                },
                () -> {
                });
    }

    private void reply(SocketSession socket, RpcRequest request, JsonNode value) {
        if (request.id() == null) {
            return; // a notification: no answer
        }
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("id", request.id());
        response.put("jsonrpc", "2.0");
        response.set("result", value);
        socket.send(text(response));
    }

    private String error(JsonNode id, RpcException failure) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        response.put("jsonrpc", "2.0");
        ObjectNode error = response.putObject("error");
        error.put("code", failure.code());
        error.put("message", failure.getMessage());
        return text(response);
    }

    /** A notification ({@code participantJoined}, {@code iceCandidate}…) to one socket. */
    public boolean notify(SocketSession socket, String method, ObjectNode params) {
        ObjectNode notification = JsonNodeFactory.instance.objectNode();
        notification.put("jsonrpc", "2.0");
        notification.put("method", method);
        notification.set("params", params);
        return socket.send(text(notification));
    }

    /**
     * A frame's text. JSON strings may hold what UTF-16 cannot encode (a lone surrogate arrives as the escape
     * {@code \ud800} in an id, metadata or signal data); written as is, the socket's UTF-8 encoding would turn it into
     * {@code ?} and the client could no longer match its answer's id. Such a frame is written with escapes instead.
     */
    private String text(ObjectNode frame) {
        String text = json.writeValueAsString(frame);
        return isWellFormedUtf16(text) ? text : json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(frame);
    }

    static boolean isWellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
