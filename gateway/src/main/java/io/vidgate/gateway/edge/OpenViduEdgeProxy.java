package io.vidgate.gateway.edge;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vidgate.boot.signaling.SignalingMessageProperties;
import io.vidgate.gateway.listeners.ClientAddressWebFilter;
import io.vidgate.gateway.tokens.PresentedToken;
import io.vidgate.protocol.rpc.JsonRpcError;
import io.vidgate.protocol.rpc.RpcErrorCodes;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import tools.jackson.databind.JsonNode;

/**
 * The public {@code /openvidu} WebSocket. Handshake checks first (Origin, per-IP rate, connection limit, shutdown),
 * answered with a plain HTTP status; then the socket is accepted and its first frames go to {@link FirstFrameCheck}:
 * heartbeat {@code ping}s are answered here (a few at most), and the first other frame must be a JSON-RPC 2.0
 * {@code joinRoom} with a connection token valid for the session it names, or openvidu-browser's resume of a socket
 * this gateway piped ({@code connect {sessionId, reconnect: true}}, {@link ResumableSessions}). Anything else is
 * answered with a JSON-RPC error and a close; the broker never sees it. Once admitted, {@link BrokerPipe} opens the
 * broker's socket and {@link FrameRelay}s carry the frames both ways.
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

    static final CloseStatus BROKER_DOWN = new CloseStatus(1013, "Broker unavailable");
    private static final JsonRpcError BROKER_UNAVAILABLE = new JsonRpcError(RpcErrorCodes.SERVICE_UNAVAILABLE,
            "Service unavailable, try again");

    private final EdgeProperties properties;
    private final int maxMessageBytes;
    /** 1009 with a reason naming {@code vidgate.signaling.max-message-bytes}: what to raise if it was legitimate. */
    private final CloseStatus tooBig;
    private final CorsConfiguration origins;
    private final HandshakeRateLimiter rateLimiter;
    private final EdgeMetrics metrics;
    private final WebSocketService webSocketService;
    private final FirstFrameCheck firstFrames;
    private final BrokerPipe brokerPipe;
    private final ResumableSessions resumable;
    private final Set<ClientSocket> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    /** @param allowedOrigins {@code vidgate.public.allowed-origins}: the pages that may open the socket */
    public OpenViduEdgeProxy(EdgeProperties properties, SignalingMessageProperties messages,
            List<String> allowedOrigins, HandshakeRateLimiter rateLimiter, EdgeMetrics metrics,
            WebSocketService webSocketService, FirstFrameCheck firstFrames, BrokerPipe brokerPipe,
            ResumableSessions resumable) {
        this.properties = properties;
        this.maxMessageBytes = messages.maxMessageBytes();
        this.tooBig = new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), messages.tooBigReason());
        this.origins = new CorsConfiguration();
        this.origins.setAllowedOriginPatterns(allowedOrigins);
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.webSocketService = webSocketService;
        this.firstFrames = firstFrames;
        this.brokerPipe = brokerPipe;
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
            ClientSocket bound = new ClientSocket(session, channel, loop);
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

    /**
     * The TCP peer, or the client a trusted proxy names ({@code vidgate.public.trusted-proxies}); never what the
     * client wrote in a forwarded header. It spends the handshake budget and goes to the broker as X-Forwarded-For.
     */
    private static String clientIp(ServerWebExchange exchange) {
        InetAddress client = ClientAddressWebFilter.clientOf(exchange);
        return client == null ? "unknown" : client.getHostAddress();
    }

    // ---------------------------------------------------------------- first frame

    private enum Phase { WAITING, REFUSED, PIPED }

    /**
     * Reads the client's frames until it closes. The client's inbound is never cancelled by us: Reactor Netty answers
     * a cancelled inbound with a close frame without status (1005), which would hide the close code we mean to send.
     * So timeouts and the broker's end close the client, and the inbound then completes by itself.
     */
    private Mono<Void> proxy(ClientSocket bound, String handshakeToken, String ip) {
        WebSocketSession client = bound.session();
        AtomicReference<Phase> phase = new AtomicReference<>(Phase.WAITING);
        AtomicBoolean pipeStarted = new AtomicBoolean();
        Sinks.Empty<Void> clientDone = Sinks.empty();
        Sinks.Empty<Void> pipeDone = Sinks.empty();
        // Spring's receive() puts Netty's frame aggregator into the pipeline: the relay goes after it, so fragmented
        // messages reach the relay whole and max-message-bytes bounds a whole message, as before admission.
        Flux<WebSocketMessage> inbound = client.receive();
        // Bounded: a client that sends faster than the broker socket opens is closed rather than buffered without limit.
        FrameRelay relay = FrameRelay.fromClient(bound.channel(), MAX_QUEUED_FRAMES, maxMessageBytes);
        relay.onOverflow(() -> {
            if (phase.compareAndSet(Phase.PIPED, Phase.REFUSED)) {
                log.info("/openvidu client {} sent over {} frames before the broker socket opened; closing", ip,
                        MAX_QUEUED_FRAMES);
                bound.close(new CloseStatus(1013, "Too many frames")).subscribe();
            }
        });
        relay.onTooLarge(() -> {
            log.info("/openvidu client {}: message over {}", ip, SignalingMessageProperties.PROPERTY);
            bound.close(tooBig).subscribe();
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
                            JsonNode pingId = firstFrames.heartbeatPing(frame);
                            if (pingId != null && pingsBeforeJoin.incrementAndGet() <= MAX_PINGS_BEFORE_JOIN) {
                                // openvidu-browser 2.32.2 starts its heartbeat when the socket opens, before
                                // joinRoom (jsonrpcclient.js: onconnected → usePing → sendPing, then the join), so
                                // its real first frame is `ping {interval: 5000}`. Refusing it refused every real
                                // client. Answered here as the broker would; the broker still sees nothing before
                                // a verified joinRoom, and the first-frame timer keeps running.
                                client.send(Mono.just(client.textMessage(firstFrames.pong(pingId))))
                                        .onErrorResume(e -> Mono.empty()).subscribe();
                                return;
                            }
                            if (!phase.compareAndSet(Phase.WAITING, Phase.REFUSED)) {
                                return; // the first-frame timer won
                            }
                            firstFrameTimer.dispose();
                            Admission admission = firstFrames.verdict(frame, handshakeToken);
                            if (admission.refusal() != null) {
                                refuse(bound, ip, admission).subscribe();
                                return;
                            }
                            // On the event loop, before the next frame is read: every later frame waits in the
                            // relay until the broker socket is open and the first frame has gone up.
                            relay.hold();
                            phase.set(Phase.PIPED);
                            pipeStarted.set(true);
                            brokerPipe.open(bound, admission, relay, clientDone.asMono(), ip, holding)
                                    .onErrorResume(BrokerPipe.BrokerUnreachable.class, unreachable -> {
                                        log.warn("Broker {} unreachable for an admitted client: {}",
                                                brokerPipe.uri(), unreachable.getMessage());
                                        return refuse(bound, ip, Admission.refused(EdgeRefusal.BROKER_UNAVAILABLE,
                                                admission.id(), BROKER_DOWN, BROKER_UNAVAILABLE));
                                    })
                                    .doFinally(signal -> pipeDone.tryEmitEmpty())
                                    .subscribe();
                        }
                    }
                })
                .onErrorResume(error -> {
                    // A message over max-message-bytes: Netty's decoder (one frame) or aggregator (fragments) fails the
                    // inbound. Any other broken frame is a client's protocol error, never a server error.
                    boolean tooBig = isTooBig(error);
                    // Netty's frame decoder answers a protocol violation itself — a close frame with 1002, 1007 or
                    // 1009 — and closes the connection: no close of ours may follow (ClientSocket.closedByNetty).
                    boolean closedByNetty = error instanceof CorruptedWebSocketFrameException;
                    if (closedByNetty) {
                        bound.closedByNetty();
                    }
                    if (phase.compareAndSet(Phase.WAITING, Phase.REFUSED)) {
                        firstFrameTimer.dispose();
                        EdgeRefusal reason = tooBig ? EdgeRefusal.FIRST_FRAME_TOO_LARGE
                                : closedByNetty ? EdgeRefusal.BAD_FRAME : EdgeRefusal.CLOSED_BEFORE_JOIN;
                        metrics.refused(reason);
                        log.info("Refused /openvidu client {}: {}{}", ip, reason.tag(),
                                closedByNetty && !tooBig ? " (" + error.getMessage() + ")" : "");
                    } else {
                        log.info("/openvidu client {}: {}", ip, tooBig ? "message over " + SignalingMessageProperties.PROPERTY
                                : closedByNetty ? "broke the WebSocket protocol (" + error.getMessage() + ")"
                                : "inbound failed: " + error.getClass().getSimpleName());
                    }
                    if (closedByNetty) {
                        return Mono.<WebSocketMessage>empty();
                    }
                    return bound.close(tooBig ? this.tooBig : CloseStatus.SERVER_ERROR)
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

    /** Netty's decoder says 1009 (one frame too long); its aggregator throws TooLongFrameException (fragments). */
    private static boolean isTooBig(Throwable error) {
        if (error instanceof CorruptedWebSocketFrameException corrupted) {
            return corrupted.closeStatus() != null
                    && corrupted.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
        }
        return error instanceof TooLongFrameException;
    }

    private Mono<Void> refuse(ClientSocket bound, String ip, Admission admission) {
        WebSocketSession client = bound.session();
        metrics.refused(admission.refusal());
        log.info("Refused /openvidu client {}: {}", ip, admission.refusal().tag());
        Mono<Void> answer = admission.error() == null ? Mono.empty()
                : client.send(Mono.just(client.textMessage(firstFrames.errorAnswer(admission))));
        return answer.onErrorResume(e -> Mono.empty()).then(bound.close(admission.close())).onErrorResume(e -> Mono.empty());
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
