package io.vidgate.gateway.edge;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.vidgate.gateway.edge.ResumableSessions.Resumable;
import io.vidgate.gateway.tokens.PresentedToken;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public {@code /openvidu} WebSocket. Handshake checks first (Origin, per-IP rate, connection limit, shutdown),
 * answered with a plain HTTP status; then the socket is accepted and its first frame must be a JSON-RPC 2.0
 * {@code joinRoom} with a connection token valid for the session it names. Only then is the broker's
 * {@code /openvidu} socket opened, on the client's event loop, the first frame sent up first, and both directions
 * piped with their close codes: data frames by a {@link FrameRelay} in each Netty pipeline, close frames here. The one other first frame admitted is openvidu-browser's resume after a dropped socket,
 * {@code connect {sessionId: <rpcSessionId>, reconnect: true}}, for an id this gateway learned from the broker's
 * answer to a joinRoom it piped ({@link ResumableSessions}). Heartbeat {@code ping}s before it (openvidu-browser
 * sends one as soon as the socket opens) are answered here, a few at most. Anything else is answered with a JSON-RPC
 * error and a close; the broker never sees it.
 *
 * <p>Close codes: refusals 1008 (policy), 1009 (first frame too large), 1013 (broker unreachable: try again);
 * codes pass through both ways once piped, except that a broker that vanishes (no close status, 1006) closes the
 * client with 1012 — openvidu-browser 2.32.2 reconnects after any close it did not ask for
 * ({@code webSocketWithReconnection.js}), and 1012 "service restart" says why. Shutdown closes clients with 1001.
 */
public class OpenViduEdgeProxy implements WebHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenViduEdgeProxy.class);

    /** Client frames waiting for the broker connection (opening, or slow) before the client is closed. */
    static final int MAX_QUEUED_FRAMES = 1024;

    /** Heartbeat pings answered before joinRoom (openvidu-browser sends one); more are refused as not joinRoom. */
    static final int MAX_PINGS_BEFORE_JOIN = 4;

    static final CloseStatus BROKER_LOST = new CloseStatus(1012, "Broker connection lost");
    static final CloseStatus BROKER_DOWN = new CloseStatus(1013, "Broker unavailable");

    private final EdgeProperties properties;
    private final CorsConfiguration origins;
    private final HandshakeRateLimiter rateLimiter;
    private final EdgeMetrics metrics;
    private final ConnectionTokenVerifier verifier;
    private final WebSocketService webSocketService;
    private final HttpClient brokerClient;
    private final WebsocketClientSpec brokerSocket;
    private final URI brokerUri;
    private final JsonMapper json;
    private final ResumableSessions resumable;
    private final Set<LoopBound> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    /** @param allowedOrigins {@code vidgate.public.allowed-origins}: the pages that may open the socket */
    public OpenViduEdgeProxy(EdgeProperties properties, List<String> allowedOrigins, HandshakeRateLimiter rateLimiter,
            EdgeMetrics metrics, ConnectionTokenVerifier verifier, WebSocketService webSocketService,
            HttpClient brokerClient, WebsocketClientSpec brokerSocket, URI brokerUri, JsonMapper json,
            ResumableSessions resumable) {
        this.properties = properties;
        this.origins = new CorsConfiguration();
        this.origins.setAllowedOriginPatterns(allowedOrigins);
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.verifier = verifier;
        this.webSocketService = webSocketService;
        this.brokerClient = brokerClient;
        this.brokerSocket = brokerSocket;
        this.brokerUri = brokerUri;
        this.json = json;
        this.resumable = resumable;
    }

    /** The broker's {@code /openvidu}: {@code vidgate.broker.url} with the ws scheme. */
    public static URI brokerWebSocketUri(URI brokerUrl) {
        String scheme = switch (brokerUrl.getScheme()) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        return URI.create(scheme + "://" + brokerUrl.getRawAuthority() + "/openvidu");
    }

    // ---------------------------------------------------------------- handshake

    @Override
    public Mono<Void> handle(ServerWebExchange exchange) {
        String ip = clientIp(exchange);
        if (shuttingDown) {
            return refuseHandshake(exchange, EdgeRefusal.SHUTTING_DOWN, HttpStatus.SERVICE_UNAVAILABLE, ip);
        }
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null ? !properties.allowMissingOrigin() : origins.checkOrigin(origin) == null) {
            return refuseHandshake(exchange, EdgeRefusal.BAD_ORIGIN, HttpStatus.FORBIDDEN, ip);
        }
        if (!rateLimiter.tryAcquire(ip)) {
            return refuseHandshake(exchange, EdgeRefusal.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS, ip);
        }
        if (!metrics.tryOpen(properties.maxConnections())) {
            return refuseHandshake(exchange, EdgeRefusal.TOO_MANY_CONNECTIONS, HttpStatus.SERVICE_UNAVAILABLE, ip);
        }
        String handshakeToken = handshakeToken(exchange);
        Channel channel = channelOf(exchange);
        Scheduler loop = Schedulers.fromExecutor(channel.eventLoop());
        AtomicBoolean released = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                metrics.closed();
            }
        };
        WebSocketHandler handler = session -> {
            started.set(true);
            LoopBound bound = new LoopBound(session, channel, loop);
            sessions.add(bound);
            return proxy(bound, handshakeToken, ip).doFinally(signal -> {
                sessions.remove(bound);
                release.run();
            });
        };
        return webSocketService.handleRequest(exchange, handler).doFinally(signal -> {
            if (!started.get()) {
                release.run(); // not an upgrade (400), or the upgrade failed: the slot was never used
            }
        });
    }

    private Mono<Void> refuseHandshake(ServerWebExchange exchange, EdgeRefusal reason, HttpStatus status, String ip) {
        metrics.refused(reason);
        log.info("Refused /openvidu handshake from {}: {}", ip, reason.tag());
        exchange.getResponse().setStatusCode(status);
        return exchange.getResponse().setComplete();
    }

    /**
     * The client's Netty channel: the relay goes into its pipeline once upgraded, and its event loop runs every
     * client close. A close written from another thread (a timer, the shutdown hook) races with Reactor Netty's own
     * close handling and was seen to lose the close frame (client saw 1006, Netty logged a double release).
     */
    private static Channel channelOf(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            return connection.channel();
        }
        throw new IllegalStateException("The /openvidu edge runs on Reactor Netty only, not on "
                + nativeRequest.getClass().getName());
    }

    /** {@code access_token} query parameter or {@code Authorization: Bearer}; null when neither. */
    private static String handshakeToken(ServerWebExchange exchange) {
        PresentedToken presented = PresentedToken.of(exchange.getRequest());
        return presented.accessTokenParam() != null ? presented.accessTokenParam() : presented.bearerHeader();
    }

    private static String clientIp(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    // ---------------------------------------------------------------- first frame

    private enum Phase { WAITING, REFUSED, PIPED }

    /**
     * A client session, its channel and its event loop; {@link #close} runs there. Once the broker's side relays raw
     * bytes to the client, the client's close frame is that relay's to write (between two frames); before, Reactor's.
     */
    static final class LoopBound {
        private final WebSocketSession session;
        private final Channel channel;
        private final Scheduler loop;
        private volatile FrameRelay fromBroker;

        LoopBound(WebSocketSession session, Channel channel, Scheduler loop) {
            this.session = session;
            this.channel = channel;
            this.loop = loop;
        }

        WebSocketSession session() {
            return session;
        }

        Channel channel() {
            return channel;
        }

        Scheduler loop() {
            return loop;
        }

        void relayingFrom(FrameRelay broker) {
            this.fromBroker = broker;
        }

        Mono<Void> close(CloseStatus status) {
            return Mono.defer(() -> {
                FrameRelay relay = fromBroker;
                if (relay != null && relay.isRaw()) {
                    relay.closePeer(status);
                    return Mono.<Void>empty();
                }
                return session.close(status);
            }).subscribeOn(loop);
        }
    }

    /**
     * Reads the client's frames until it closes. The client's inbound is never cancelled by us: Reactor Netty answers
     * a cancelled inbound with a close frame without status (1005), which would hide the close code we mean to send.
     * So timeouts and the broker's end close the client, and the inbound then completes by itself.
     */
    private Mono<Void> proxy(LoopBound bound, String handshakeToken, String ip) {
        WebSocketSession client = bound.session();
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
        AtomicBoolean pipeStarted = new AtomicBoolean();
        Sinks.Empty<Void> clientDone = Sinks.empty();
        Sinks.Empty<Void> pipeDone = Sinks.empty();
        // Spring's receive() puts Netty's frame aggregator into the pipeline: the relay goes after it, so fragmented
        // messages reach the relay whole and max-frame-bytes bounds a whole message, as before admission.
        Flux<WebSocketMessage> inbound = client.receive();
        // Bounded: a client that sends faster than the broker socket opens is closed rather than buffered without limit.
        FrameRelay relay = FrameRelay.fromClient(bound.channel(), MAX_QUEUED_FRAMES, properties.maxFrameBytes());
        relay.onOverflow(() -> {
            if (phase.compareAndSet(Phase.PIPED, Phase.REFUSED)) {
                log.info("/openvidu client {} sent over {} frames before the broker socket opened; closing", ip,
                        MAX_QUEUED_FRAMES);
                bound.close(new CloseStatus(1013, "Too many frames")).subscribe();
            }
        });
        relay.onTooLarge(() -> {
            log.info("/openvidu client {}: frame over vidgate.edge.max-frame-bytes", ip);
            bound.close(CloseStatus.TOO_BIG_TO_PROCESS).subscribe();
        });
        ResumableSessions.Holding holding = resumable.holding();
        AtomicInteger pingsBeforeJoin = new AtomicInteger();
        Disposable firstFrameTimer = Mono.delay(properties.firstFrameTimeout())
                .filter(tick -> phase.compareAndSet(Phase.WAITING, Phase.REFUSED))
                .flatMap(tick -> refuse(bound, ip, Admission.refused(EdgeRefusal.FIRST_FRAME_TIMEOUT, null,
                        CloseStatus.POLICY_VIOLATION, null)))
                .subscribe();
        long idleNanos = properties.idleTimeout().toNanos();
        Duration idleCheck = properties.idleTimeout().dividedBy(4).compareTo(Duration.ofMillis(100)) < 0
                ? Duration.ofMillis(100) : properties.idleTimeout().dividedBy(4);
        Disposable idleTimer = Flux.interval(idleCheck)
                .filter(tick -> phase.get() == Phase.PIPED && System.nanoTime() - relay.lastReadNanos() > idleNanos)
                .next()
                .flatMap(tick -> {
                    log.info("Closing idle /openvidu client {}", ip);
                    return bound.close(CloseStatus.GOING_AWAY);
                })
                .onErrorResume(e -> Mono.empty())
                .subscribe();
        return inbound
                .doOnNext(message -> {
                    Frame frame = Frame.copyOf(message);
                    if (frame == null) {
                        return;
                    }
                    switch (phase.get()) {
                        case PIPED -> {
                            // Only if a frame was already past the relay when it started holding: keep its place.
                            relay.passedBeforeHold(frame.toNetty());
                        }
                        case REFUSED -> {
                            // dropped: the socket is being closed
                        }
                        case WAITING -> {
                            JsonNode pingId = heartbeatPing(frame);
                            if (pingId != null && pingsBeforeJoin.incrementAndGet() <= MAX_PINGS_BEFORE_JOIN) {
                                // openvidu-browser 2.32.2 starts its heartbeat when the socket opens, before
                                // joinRoom (jsonrpcclient.js: onconnected → usePing → sendPing, then the join), so
                                // its real first frame is `ping {interval: 5000}`. Refusing it refused every real
                                // client. Answered here as the broker would; the broker still sees nothing before
                                // a verified joinRoom, and the first-frame timer keeps running.
                                client.send(Mono.just(client.textMessage(pong(pingId))))
                                        .onErrorResume(e -> Mono.empty()).subscribe();
                                return;
                            }
                            if (!phase.compareAndSet(Phase.WAITING, Phase.REFUSED)) {
                                return; // the first-frame timer won
                            }
                            firstFrameTimer.dispose();
                            Admission admission = admit(frame, handshakeToken);
                            if (admission.refusal != null) {
                                refuse(bound, ip, admission).subscribe();
                                return;
                            }
                            // On the event loop, before the next frame is read: every later frame waits in the
                            // relay until the broker socket is open and the first frame has gone up.
                            relay.hold();
                            phase.set(Phase.PIPED);
                            pipeStarted.set(true);
                            pipe(bound, admission, relay, clientDone.asMono(), ip, holding)
                                    .doFinally(signal -> pipeDone.tryEmitEmpty())
                                    .subscribe();
                        }
                    }
                })
                .onErrorResume(error -> {
                    // A frame over max-frame-bytes: Netty's decoder (one frame) or aggregator (fragments) fails the
                    // inbound. Close with 1009 ourselves: nobody else would, and the broker side follows.
                    boolean tooBig = error instanceof CorruptedFrameException || error instanceof TooLongFrameException;
                    if (phase.compareAndSet(Phase.WAITING, Phase.REFUSED)) {
                        firstFrameTimer.dispose();
                        EdgeRefusal reason = tooBig ? EdgeRefusal.FIRST_FRAME_TOO_LARGE : EdgeRefusal.CLOSED_BEFORE_JOIN;
                        metrics.refused(reason);
                        log.info("Refused /openvidu client {}: {}", ip, reason.tag());
                    } else {
                        log.info("/openvidu client {}: {}", ip, tooBig ? "frame over vidgate.edge.max-frame-bytes"
                                : "inbound failed: " + error.getClass().getSimpleName());
                    }
                    return bound.close(tooBig ? CloseStatus.TOO_BIG_TO_PROCESS : CloseStatus.SERVER_ERROR)
                            .onErrorResume(e -> Mono.empty())
                            .then(Mono.<WebSocketMessage>empty());
                })
                .then(Mono.defer(() -> {
                    firstFrameTimer.dispose();
                    clientDone.tryEmitEmpty();
                    if (phase.compareAndSet(Phase.WAITING, Phase.REFUSED)) {
                        metrics.refused(EdgeRefusal.CLOSED_BEFORE_JOIN);
                        return Mono.empty();
                    }
                    return pipeStarted.get() ? pipeDone.asMono() : Mono.<Void>empty();
                }))
                .doFinally(signal -> {
                    firstFrameTimer.dispose();
                    idleTimer.dispose();
                    holding.closed();
                });
    }

    /**
     * The verdict on a first frame: a refusal (with the JSON-RPC error to answer, {@code "<code>:<message>"}), or the
     * frame to send up and who sent it; {@code resumedId} is the rpcSessionId of an admitted resume.
     */
    private record Admission(EdgeRefusal refusal, JsonNode id, CloseStatus close, String error, Frame upstreamFirst,
            Resumable who, String resumedId) {

        static Admission refused(EdgeRefusal reason, JsonNode id, CloseStatus close, String error) {
            return new Admission(reason, id, close, error, null, null, null);
        }

        static Admission joined(JsonNode id, Frame upstreamFirst, Resumable who) {
            return new Admission(null, id, null, null, upstreamFirst, who, null);
        }

        static Admission resumed(JsonNode id, Frame upstreamFirst, Resumable who, String rpcSessionId) {
            return new Admission(null, id, null, null, upstreamFirst, who, rpcSessionId);
        }
    }

    private Admission admit(Frame first, String handshakeToken) {
        if (first.payload().length > properties.maxFirstFrameBytes()) {
            return Admission.refused(EdgeRefusal.FIRST_FRAME_TOO_LARGE, null, CloseStatus.TOO_BIG_TO_PROCESS,
                    "-32600:The first request is too large");
        }
        if (!first.text()) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, null, CloseStatus.POLICY_VIOLATION,
                    "-32700:Parse error");
        }
        JsonNode request;
        try {
            request = json.readTree(first.asText());
        } catch (RuntimeException notJson) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, null, CloseStatus.POLICY_VIOLATION, "-32700:Parse error");
        }
        JsonNode id = request != null && request.isObject() && (request.path("id").isNumber() || request.path("id").isString())
                ? request.get("id") : null;
        boolean wellFormed = request != null && request.isObject() && "2.0".equals(text(request.get("jsonrpc")))
                && id != null && request.path("params").isObject();
        JsonNode reconnect = request != null ? request.path("params").path("reconnect") : null;
        if (wellFormed && "connect".equals(text(request.get("method"))) && reconnect.isBoolean() && reconnect.asBoolean()) {
            return resume(first, id, text(request.path("params").get("sessionId")));
        }
        if (!wellFormed || !"joinRoom".equals(text(request.get("method")))) {
            return Admission.refused(EdgeRefusal.NOT_JOIN_ROOM, id, CloseStatus.POLICY_VIOLATION,
                    "-32600:The first request must be joinRoom");
        }
        ObjectNode params = (ObjectNode) request.get("params");
        String session = text(params.get("session"));
        String secret = text(params.get("secret"));
        String token = text(params.get("token"));
        String unauthorized = "401:Unauthorized";
        if (secret != null && !secret.isEmpty()) {
            return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, unauthorized);
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
                    params.put("token", handshakeToken);
                    verified = fromHandshake;
                }
            }
            if (verified == null) {
                return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, unauthorized);
            }
            Frame up = handshakeToken != null && (token == null || token.isEmpty())
                    ? Frame.text(json.writeValueAsString(request)) : first;
            log.debug("joinRoom admitted: session {} connection {}", verified.sessionId(), verified.connectionId());
            return Admission.joined(id, up, new Resumable(verified.sessionId(), verified.connectionId()));
        } catch (TokenRejectedException rejected) {
            log.info("joinRoom token refused: {}", rejected.getMessage()); // the message never contains the token
            return Admission.refused(EdgeRefusal.BAD_TOKEN, id, CloseStatus.POLICY_VIOLATION, unauthorized);
        }
    }

    /**
     * openvidu-browser's first frame after a dropped socket. Admitted, unchanged, for an rpcSessionId this gateway
     * learned from the broker's answer to a verified joinRoom; otherwise answered as kurento-jsonrpc answers an
     * unknown one ({@code 40007 reconnection error}), on which openvidu-browser reports {@code networkDisconnect} and
     * closes the socket itself instead of reconnecting again.
     */
    private Admission resume(Frame first, JsonNode id, String rpcSessionId) {
        Resumable who = rpcSessionId == null ? null : resumable.claim(rpcSessionId);
        if (who == null) {
            return Admission.refused(EdgeRefusal.UNKNOWN_RESUME, id, CloseStatus.POLICY_VIOLATION,
                    "40007:reconnection error");
        }
        log.debug("resume admitted: session {} connection {}", who.sessionId(), who.connectionId());
        return Admission.resumed(id, first, who, rpcSessionId);
    }

    /** The id of a JSON-RPC 2.0 {@code ping} request (params absent or an object), or null for any other frame. */
    private JsonNode heartbeatPing(Frame frame) {
        if (!frame.text() || frame.payload().length > properties.maxFirstFrameBytes()) {
            return null;
        }
        JsonNode request;
        try {
            request = json.readTree(frame.payload());
        } catch (RuntimeException notJson) {
            return null;
        }
        if (request == null || !request.isObject() || !"2.0".equals(text(request.get("jsonrpc")))
                || !"ping".equals(text(request.get("method")))
                || request.has("params") && !request.get("params").isObject()) {
            return null;
        }
        JsonNode id = request.get("id");
        return id != null && (id.isNumber() || id.isString()) ? id : null;
    }

    /** The broker's answer to {@code ping}. */
    private String pong(JsonNode id) {
        ObjectNode answer = json.createObjectNode();
        answer.put("jsonrpc", "2.0");
        answer.set("id", id);
        answer.putObject("result").put("value", "pong");
        return json.writeValueAsString(answer);
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.asString() : null;
    }

    private Mono<Void> refuse(LoopBound bound, String ip, Admission admission) {
        WebSocketSession client = bound.session();
        metrics.refused(admission.refusal);
        log.info("Refused /openvidu client {}: {}", ip, admission.refusal.tag());
        Mono<Void> answer = Mono.empty();
        if (admission.error != null) {
            int colon = admission.error.indexOf(':');
            ObjectNode error = json.createObjectNode();
            error.put("jsonrpc", "2.0");
            error.set("id", admission.id);
            if (admission.id == null) {
                error.putNull("id");
            }
            error.putObject("error")
                    .put("code", Integer.parseInt(admission.error.substring(0, colon)))
                    .put("message", admission.error.substring(colon + 1));
            answer = client.send(Mono.just(client.textMessage(json.writeValueAsString(error))));
        }
        return answer.onErrorResume(e -> Mono.empty()).then(bound.close(admission.close)).onErrorResume(e -> Mono.empty());
    }

    // ---------------------------------------------------------------- piping

    /**
     * Opens the broker socket on the client's event loop (so that relaying a frame never crosses threads), sends the
     * admitted first frame, and lets the relays carry data frames both ways. What is left here is the end of each
     * direction: a client's close goes up with its code, and the broker's close (or its disappearance: 1012) comes
     * down.
     */
    private Mono<Void> pipe(LoopBound bound, Admission admission, FrameRelay clientRelay, Mono<Void> clientDone,
            String ip, ResumableSessions.Holding holding) {
        WebSocketSession client = bound.session();
        AtomicBoolean upstreamOpened = new AtomicBoolean();
        return brokerClient.runOn(bound.channel().eventLoop())
                .headers(headers -> headers.set("X-Forwarded-For", ip))
                .websocket(brokerSocket)
                .uri(brokerUri)
                .handle((in, out) -> {
                    upstreamOpened.set(true);
                    if (admission.resumedId != null) {
                        metrics.resumed();
                    } else {
                        metrics.joined();
                    }
                    in.withConnection(broker -> {
                        FrameRelay fromBroker = FrameRelay.fromBroker(broker.channel(), BROKER_LOST);
                        bound.relayingFrom(fromBroker);
                        fromBroker.relayTo(bound.channel(), answerWatcher(admission, holding));
                        broker.channel().writeAndFlush(admission.upstreamFirst.toNetty());
                        clientRelay.relayTo(broker.channel(), null);
                    });
                    Mono<Void> clientToBroker = clientDone
                            .then(client.closeStatus().defaultIfEmpty(CloseStatus.GOING_AWAY))
                            .flatMap(status -> Mono.defer(() -> {
                                CloseStatus up = towardBroker(status);
                                if (clientRelay.isRaw()) {
                                    clientRelay.closePeer(up); // raw: the relay ends the broker side
                                    return Mono.<Void>empty();
                                }
                                return out.sendClose(up.getCode(), up.getReason());
                            }).subscribeOn(bound.loop()))
                            .onErrorResume(e -> Mono.empty());
                    Mono<Void> brokerToClient = in.receiveFrames().then()
                            .onErrorResume(e -> Mono.empty())
                            .then(closeStatusOf(in))
                            .flatMap(bound::close)
                            .onErrorResume(e -> Mono.empty());
                    return Mono.when(clientToBroker, brokerToClient);
                })
                .then()
                .onErrorResume(error -> {
                    if (upstreamOpened.get()) {
                        return bound.close(BROKER_LOST).onErrorResume(e -> Mono.empty());
                    }
                    log.warn("Broker {} unreachable for an admitted client: {}", brokerUri, error.toString());
                    return refuse(bound, ip, Admission.refused(EdgeRefusal.BROKER_UNAVAILABLE, admission.id,
                            BROKER_DOWN, "503:Service unavailable, try again"));
                });
    }

    /** The broker's close code toward the client; none (it vanished) is 1012. */
    private static Mono<CloseStatus> closeStatusOf(WebsocketInbound broker) {
        return broker.receiveCloseStatus()
                .map(status -> towardClient(new CloseStatus(status.code(), status.reasonText())))
                .defaultIfEmpty(BROKER_LOST)
                .onErrorReturn(BROKER_LOST);
    }

    /**
     * Looks at the broker's text frames for its answer to the admitted request (the one with its id): a result makes
     * the socket hold its rpcSessionId — the joinRoom result's {@code sessionId}, or the id just resumed, which
     * openvidu-browser keeps using. An error, or no such id, leaves nothing to resume. Answers true once it has seen
     * the answer: frames after it are not parsed.
     */
    private Predicate<ByteBuf> answerWatcher(Admission admission, ResumableSessions.Holding holding) {
        return payload -> {
            JsonNode message;
            try {
                message = json.readTree(ByteBufUtil.getBytes(payload));
            } catch (RuntimeException notJson) {
                return false;
            }
            if (message == null || !message.isObject() || !admission.id.equals(message.get("id"))
                    || !(message.has("result") || message.has("error"))) {
                return false;
            }
            String rpcSessionId = admission.resumedId != null ? admission.resumedId
                    : text(message.path("result").get("sessionId"));
            if (message.has("result") && rpcSessionId != null && !rpcSessionId.isEmpty()) {
                holding.learned(rpcSessionId, admission.who);
            }
            return true;
        };
    }

    /** 1005 and 1006 are reported, never sent: a client that closed without a status closed normally. */
    static CloseStatus towardBroker(CloseStatus status) {
        return switch (status.getCode()) {
            case 1005 -> CloseStatus.NORMAL;
            case 1006, 1015 -> CloseStatus.GOING_AWAY;
            default -> status;
        };
    }

    /** A broker gone without a proper close becomes 1012, on which openvidu-browser reconnects. */
    static CloseStatus towardClient(CloseStatus status) {
        return switch (status.getCode()) {
            case 1005, 1006, 1015 -> BROKER_LOST;
            default -> status;
        };
    }

    // ---------------------------------------------------------------- shutdown

    /** Stops accepting handshakes and closes every open socket with 1001 (their broker sockets follow). */
    public Mono<Void> shutdown(Duration wait) {
        shuttingDown = true;
        return Flux.fromIterable(Set.copyOf(sessions))
                .flatMap(session -> session.close(CloseStatus.GOING_AWAY).onErrorResume(e -> Mono.empty()))
                .then(Mono.defer(() -> sessions.isEmpty() ? Mono.<Void>empty() : Mono.error(new IllegalStateException()))
                        .retryWhen(reactor.util.retry.Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(50)))
                        .timeout(wait, Mono.empty()));
    }

    public int openSessions() {
        return sessions.size();
    }
}
