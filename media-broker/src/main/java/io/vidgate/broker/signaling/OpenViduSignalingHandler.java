package io.vidgate.broker.signaling;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.TooLongFrameException;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.rpc.OpenViduMethods.PingResult;
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

    /**
     * Close code for a client that does not drain its socket: policy violation (1008), which the gateway passes on
     * (it turns 1012–1015 into 1002).
     */
    static final int NOT_DRAINING = org.springframework.web.reactive.socket.CloseStatus.POLICY_VIOLATION.getCode();

    private final JsonMapper json;
    private final Clock clock;
    private final SignalingProperties limits;
    private final Map<String, Registration> methods = new ConcurrentHashMap<>();
    private final Map<String, SocketSession> sockets = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong closedNotDraining = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.List<java.util.function.Consumer<SocketSession>> closeListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** With the default limits (unit tests). */
    public OpenViduSignalingHandler(JsonMapper json, Clock clock) {
        this(json, clock, SignalingProperties.defaults());
    }

    /** @param limits each socket's outbound queue bounds and signal rate */
    public OpenViduSignalingHandler(JsonMapper json, Clock clock, SignalingProperties limits) {
        this.json = json;
        this.clock = clock;
        this.limits = limits;
        registerNotYetImplemented();
        register(OpenViduMethods.PING, false, (socket, request) -> {
            ObjectNode pong = JsonNodeFactory.instance.objectNode();
            pong.put(PingResult.VALUE_FIELD, PingResult.PONG);
            return Mono.just(pong);
        });
        // openvidu-browser probes the socket with 'echo' when ICE fails: it only needs an answer.
        register(OpenViduMethods.ECHO, true, (socket, request) -> Mono.just(JsonNodeFactory.instance.objectNode()));
    }

    /**
     * Every method openvidu-browser 2.32 sends, refused before {@code joinRoom}. The ones Vidgate does not implement
     * (filters, speech to text, recording-era extras) keep answering a clear error.
     */
    static final java.util.List<String> OPENVIDU_METHODS_NEEDING_JOIN = java.util.List.of(
            OpenViduMethods.PUBLISH_VIDEO, OpenViduMethods.PREPARE_RECEIVE_VIDEO_FROM,
            OpenViduMethods.RECEIVE_VIDEO_FROM, OpenViduMethods.ON_ICE_CANDIDATE, OpenViduMethods.UNPUBLISH_VIDEO,
            OpenViduMethods.UNSUBSCRIBE_FROM_VIDEO, OpenViduMethods.LEAVE_ROOM, OpenViduMethods.SEND_MESSAGE,
            OpenViduMethods.STREAM_PROPERTY_CHANGED, OpenViduMethods.FORCE_DISCONNECT, OpenViduMethods.FORCE_UNPUBLISH,
            OpenViduMethods.RECONNECT_STREAM, OpenViduMethods.VIDEO_DATA, OpenViduMethods.ECHO,
            OpenViduMethods.APPLY_FILTER, OpenViduMethods.REMOVE_FILTER, OpenViduMethods.EXEC_FILTER_METHOD,
            OpenViduMethods.ADD_FILTER_EVENT_LISTENER, OpenViduMethods.REMOVE_FILTER_EVENT_LISTENER,
            OpenViduMethods.SUBSCRIBE_TO_SPEECH_TO_TEXT, OpenViduMethods.UNSUBSCRIBE_FROM_SPEECH_TO_TEXT,
            OpenViduMethods.SESSION_STATUS);

    private void registerNotYetImplemented() {
        Method notYet = (socket, request) -> Mono.error(new RpcException(RpcException.GENERIC,
                "'" + request.method() + "' is not supported by Vidgate"));
        register(OpenViduMethods.JOIN_ROOM, false, notYet);
        register(OpenViduMethods.CONNECT, false, notYet);
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
        SocketSession socket = new SocketSession(ws.getId(), clientIp(ws), clock.millis(),
                new OutboundQueue(limits.outboundQueueFrames(), limits.outboundQueueBytes()),
                new TokenBucket(limits.signalsPerSecond(), limits.signalBurst(), System::nanoTime));
        socket.closer(() -> ws.close(org.springframework.web.reactive.socket.CloseStatus.GOING_AWAY).subscribe());
        socket.onOverflow(() -> closeNotDraining(ws, socket));
        sockets.put(socket.socketId(), socket);
        Mono<Void> out = ws.send(socket.outbound().asFlux().map(ws::textMessage));
        Mono<Void> in = ws.receive()
                .doOnNext(message -> receive(socket, message))
                .onErrorResume(TooLongFrameException.class, tooBig -> closeTooBig(ws))
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

    /** A message over {@code vidgate.signaling.max-message-bytes}: 1009, the reason naming the limit. */
    private static <T> Mono<T> closeTooBig(WebSocketSession ws) {
        Object status = ws.getAttributes().get(SignalingWebSocketService.TOO_BIG);
        return ws.close(status instanceof org.springframework.web.reactive.socket.CloseStatus tooBig ? tooBig
                : org.springframework.web.reactive.socket.CloseStatus.TOO_BIG_TO_PROCESS)
                .onErrorResume(closing -> Mono.empty())
                .then(Mono.empty());
    }

    /**
     * The client does not read: its socket is closed (1008, the reason naming the limit) and then dropped at once.
     * The close frame waits behind every frame the client did not read, so it may never get through: the connection
     * is aborted shortly after, which frees what Netty and the kernel still hold for it. Its participant is evicted
     * at once, without the reconnect grace ({@link ParticipantLifecycle}).
     */
    private void closeNotDraining(WebSocketSession ws, SocketSession socket) {
        closedNotDraining.incrementAndGet();
        SocketSession.Participant participant = socket.participant();
        log.info("Socket {} ({}) stopped reading: over {} waiting; closed", socket.socketId(),
                participant == null ? "not joined" : participant.connectionId(), socket.queueLimits());
        String reason = "Not reading: over " + socket.queueLimits() + " waiting";
        ws.close(new org.springframework.web.reactive.socket.CloseStatus(NOT_DRAINING, reason))
                .timeout(java.time.Duration.ofSeconds(1))
                .onErrorResume(stuck -> Mono.empty())
                .doFinally(signal -> abort(ws))
                .subscribe();
    }

    /** Drops the TCP connection under the WebSocket ({@link SignalingWebSocketService}); else a plain close. */
    private static void abort(WebSocketSession ws) {
        if (ws.getAttributes().get(SignalingWebSocketService.ABORT) instanceof Runnable abort) {
            abort.run();
        } else {
            ws.close().subscribe();
        }
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

    /** Frames waiting for their clients to read them, over all open sockets (metrics). */
    public long queuedFrames() {
        return sockets.values().stream().mapToLong(SocketSession::queuedFrames).sum();
    }

    /** Sockets closed so far because their client did not read (metrics). */
    public long closedNotDraining() {
        return closedNotDraining.get();
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
