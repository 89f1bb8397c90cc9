package io.vidgate.bench.signaling;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OpenVidu 2 signaling socket, as openvidu-browser uses it: JSON-RPC 2.0 requests with increasing ids, answers
 * matched by id, notifications (frames with a {@code method}) handed to a listener, and a {@code ping} every 5 s
 * (openvidu-browser's heartbeat; the broker evicts a joined socket silent for 10 s).
 *
 * <p>A Netty channel of the run's {@link SignalingTransport}. Any thread may call it; answers, notifications and
 * timeouts arrive on the socket's event loop, so whatever is chained on a request's future runs there and must not
 * block ({@link #result}, {@link #pings}, {@link #leave} and {@link #sendRaw} block: for callers' own threads).
 */
public final class SignalingClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final long HEARTBEAT_MILLIS = 5_000;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> notificationListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<SignalingClient> handshake = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile ScheduledFuture<?> heartbeat;

    private SignalingClient() {
    }

    /** Opens the socket (no Origin header: a non-browser client, which the edge accepts by default). */
    public static SignalingClient open(SignalingTransport transport, URI uri) {
        return connect(transport, uri).join();
    }

    /** {@link #open}, without blocking: completes once the handshake is done. */
    public static CompletableFuture<SignalingClient> connect(SignalingTransport transport, URI uri) {
        SignalingClient client = new SignalingClient();
        transport.connect(uri, client.new Frames()).addListener(connected -> {
            if (!connected.isSuccess()) {
                client.handshake.completeExceptionally(connected.cause());
            }
        });
        return client.handshake;
    }

    public void onNotification(Consumer<JsonNode> listener) {
        notificationListeners.add(listener);
    }

    /** The request's answer ({@code result} or {@code error}); fails when the socket closes or nothing comes. */
    public CompletableFuture<JsonNode> request(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        frame.set("params", params == null ? JSON.createObjectNode() : params);
        frame.put("id", id);
        if (closed.isDone()) {
            return CompletableFuture.failedFuture(new IllegalStateException(closed.getNow("socket closed")));
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        // The timeout runs on the socket's event loop, like the answer. It is not cancelled when the answer comes
        // (it then finds nothing to fail), and it holds the id only, not the answer: nothing large stays around.
        channel.eventLoop().schedule(() -> fail(id, new TimeoutException(method + ": no answer within "
                + REQUEST_TIMEOUT.toSeconds() + " s")), REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Jackson writes the UTF-8 bytes the frame carries: no String, no second encoding.
        send(new TextWebSocketFrame(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(frame)))).addListener(sent -> {
            if (!sent.isSuccess()) {
                fail(id, new IllegalStateException(closed.getNow("socket closed")));
            }
        });
        return answer;
    }

    /** The answer's {@code result}, or an exception naming the error. Blocks. */
    public JsonNode result(String method, ObjectNode params) {
        JsonNode answer = request(method, params).join();
        if (answer.has("error")) {
            throw new RpcError(method, answer.get("error"));
        }
        return answer.get("result");
    }

    /** Sends a text frame as it is (malformed ones included); false if the socket is gone. Blocks until written. */
    public boolean sendRaw(String text) {
        if (closed.isDone()) {
            return false;
        }
        ChannelFuture sent = send(new TextWebSocketFrame(text));
        return sent.awaitUninterruptibly(REQUEST_TIMEOUT.toMillis()) && sent.isSuccess();
    }

    /** Netty queues a frame written from another thread on the event loop, in the order of the writes. */
    private ChannelFuture send(WebSocketFrame frame) {
        return channel.writeAndFlush(frame);
    }

    /**
     * The socket's own event loop, for periodic work on it (a heartbeat): scheduled there, a request needs no hand-over
     * between threads. Whatever runs there must not block.
     */
    public ScheduledExecutorService eventLoop() {
        return channel.eventLoop();
    }

    public void startHeartbeat(ScheduledExecutorService scheduler) {
        long first = (long) (Math.random() * HEARTBEAT_MILLIS);
        heartbeat = scheduler.scheduleAtFixedRate(() -> {
            if (!closed.isDone()) {
                request("ping", JSON.createObjectNode().put("interval", 5000));
            }
        }, first, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** true when {@code ping} is answered with {@code pong} in time. Blocks. */
    public boolean pings() {
        try {
            JsonNode result = result("ping", JSON.createObjectNode().put("interval", 5000));
            return "pong".equals(result.path("value").asString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code leaveRoom}, then a normal close; whatever fails, the socket ends up closed. Blocks. */
    public void leave() {
        try {
            request("leaveRoom", JSON.createObjectNode()).join();
        } catch (RuntimeException alreadyGone) {
            // closed meanwhile: the broker cleans up as for a lost socket
        }
        close();
    }

    /** A close frame (1000), then the TCP connection, without waiting for the server's close frame. */
    public void close() {
        ended("closed by client");
        Channel socket = channel;
        if (socket.isActive()) {
            socket.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
        } else {
            socket.close();
        }
    }

    /**
     * The TCP connection goes at once: no leaveRoom, no close frame (a killed tab, a lost network). A plain close
     * (FIN), as the operating system does for a killed browser; the transport sends no close frame of its own.
     */
    public void kill() {
        ended("killed");
        channel.close();
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Completes with why the socket ended ({@code "server closed 1009 …"}, {@code "killed"}…). */
    public CompletableFuture<String> closed() {
        return closed;
    }

    /** The first reason wins; every request still waiting fails with it. */
    private void ended(String why) {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        closed.complete(why);
        IllegalStateException gone = new IllegalStateException(closed.getNow(why));
        pending.keySet().forEach(id -> fail(id, gone));
    }

    private void fail(long id, Exception why) {
        CompletableFuture<JsonNode> answer = pending.remove(id);
        if (answer != null) {
            answer.completeExceptionally(why);
        }
    }

    /** A JSON-RPC error answer. */
    public static final class RpcError extends RuntimeException {
        public final int code;

        RpcError(String method, JsonNode error) {
            super(method + " → " + error.path("code").asInt() + " " + error.path("message").asString());
            this.code = error.path("code").asInt();
        }
    }

    /** The socket's end of the pipeline: whole messages (continuation frames already joined) and the handshake. */
    private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(SignalingClient.this);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new TimeoutException("WebSocket handshake timed out"));
                ctx.close();
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame) {
                dispatch(ByteBufUtil.getBytes(frame.content()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode() == -1 ? 1005 : close.statusCode(); // 1005: the frame had no code
                String reason = close.reasonText();
                ended("server closed " + code + (reason.isEmpty() ? "" : " " + reason));
                // The close handshake's answer (the same code), then the connection: the server waits for it.
                ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Parsed from the frame's UTF-8 bytes as they came: no String in between. */
        private void dispatch(byte[] text) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (RuntimeException notJson) {
                return;
            }
            if (frame.has("method")) {
                notificationListeners.forEach(listener -> listener.accept(frame));
            } else if (frame.has("id") && frame.get("id").canConvertToLong()) {
                CompletableFuture<JsonNode> answer = pending.remove(frame.get("id").asLong());
                if (answer != null) {
                    answer.complete(frame);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            ended("error " + cause.getClass().getSimpleName());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("closed before the WebSocket handshake"));
            ended("error connection lost without a close frame");
            super.channelInactive(ctx);
        }
    }
}
