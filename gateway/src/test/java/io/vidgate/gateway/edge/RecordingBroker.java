package io.vidgate.gateway.edge;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket server standing in for the media broker's {@code /openvidu}: records every text frame and close
 * status it receives, answers {@code joinRoom} as the broker does (a result whose {@code sessionId} is a fresh
 * {@code rpc_…} id) and {@code connect} with a result, or both with an error when told to refuse; echoes every other
 * frame ({@code echo:<frame>}), and can push frames, close with a code, or die (TCP closed without a close frame) on
 * command.
 */
final class RecordingBroker implements AutoCloseable {

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> receivedBinary = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closeCodes = new LinkedBlockingQueue<>();
    final List<HttpHeaders> handshakes = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    /** Never reset: identifies a connection across tests, whose closes may arrive after the next test began. */
    private final AtomicInteger serial = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Integer>> closes = new ConcurrentHashMap<>();
    private volatile int last;
    private volatile Sinks.Many<WebSocketFrame> push;
    private volatile WebsocketOutbound out;
    private volatile Connection connection;
    private final DisposableServer server;
    /** Answer joinRoom and connect with an error, as a broker that no longer knows the connection does. */
    volatile boolean refuseJoinsAndResumes;
    private final SecureRandom random = new SecureRandom();

    RecordingBroker() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.ws("/openvidu", (in, out) -> {
                    connections.incrementAndGet();
                    int id = serial.incrementAndGet();
                    CompletableFuture<Integer> closeOfThis = new CompletableFuture<>();
                    closes.put(id, closeOfThis);
                    last = id;
                    handshakes.add(in.headers());
                    Sinks.Many<WebSocketFrame> commands = Sinks.many().unicast().onBackpressureBuffer();
                    this.push = commands;
                    this.out = out;
                    in.withConnection(c -> this.connection = c);
                    in.receiveCloseStatus().subscribe(status -> {
                        closeCodes.add(status.code());
                        closeOfThis.complete(status.code());
                    });
                    Flux<WebSocketFrame> echoes = in.aggregateFrames().receiveFrames()
                            .<WebSocketFrame>handle((frame, sink) -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    received.add(text.text());
                                    sink.next(new TextWebSocketFrame(answer(text.text())));
                                } else if (frame instanceof BinaryWebSocketFrame binary) {
                                    byte[] bytes = new byte[binary.content().readableBytes()];
                                    binary.content().getBytes(binary.content().readerIndex(), bytes);
                                    receivedBinary.add(bytes);
                                    sink.next(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
                                }
                            });
                    return out.sendObject(Flux.merge(echoes, commands.asFlux()));
                }))
                .bindNow();
    }

    private String answer(String text) {
        JsonNode request;
        try {
            request = EdgeFrames.parse(text);
        } catch (RuntimeException notJson) {
            return "echo:" + text;
        }
        String method = request.path("method").asString("");
        if (!method.equals("joinRoom") && !method.equals("connect")) {
            return "echo:" + text;
        }
        String id = request.path("id").toString();
        if (refuseJoinsAndResumes) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":40007,\"message\":\"reconnection error\"}}";
        }
        byte[] fresh = new byte[16];
        random.nextBytes(fresh);
        String rpcSessionId = method.equals("connect") ? request.path("params").path("sessionId").asString()
                : "rpc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(fresh); // 22 characters
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"id\":\"con_Recording1\",\"sessionId\":\""
                + rpcSessionId + "\",\"value\":[]}}";
    }

    /** The serial number of the latest connection. */
    int lastConnection() {
        return last;
    }

    /** The close status the broker received on connection {@code id}. */
    int closeCodeOf(int id) {
        return closes.get(id).orTimeout(5, TimeUnit.SECONDS).join();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    void send(String text) {
        push.tryEmitNext(new TextWebSocketFrame(text));
    }

    void closeWith(int code, String reason) {
        out.sendClose(code, reason).subscribe();
    }

    /** The broker process vanishes: the TCP connection is closed without a close frame. */
    void die() {
        connection.channel().close();
    }

    void reset() {
        received.clear();
        receivedBinary.clear();
        closeCodes.clear();
        handshakes.clear();
        connections.set(0);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
