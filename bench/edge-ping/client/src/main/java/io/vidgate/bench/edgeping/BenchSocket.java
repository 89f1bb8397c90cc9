package io.vidgate.bench.edgeping;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One client WebSocket. Everything it does runs on its channel's event loop, so its fields need no locking.
 *
 * <p>Life: handshake → optional {@code joinRoom} (answer awaited) → {@link #ready} completes → either a closed loop
 * of {@code ping} round trips ({@link #startLoop}: send, wait for the answer, record the latency, send again) or
 * idle with an optional heartbeat ping, as openvidu-browser does every 5 s.
 *
 * <p>Frames that carry a {@code "method"} are notifications from the broker (participantJoined…), never answers,
 * and are ignored: with one request outstanding at a time, any other frame is the answer to it.
 */
final class BenchSocket extends SimpleChannelInboundHandler<WebSocketFrame> {

    /** The JSON-RPC answer to joinRoom, condensed: "ok", "error <code>", or why there was none. */
    record Joined(BenchSocket socket, String answer) {
    }

    private final String joinFrame;          // null: no joinRoom on this path
    private final LoadRun run;               // null outside a load run
    final CompletableFuture<Joined> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    private Channel channel;
    private long nextId = 1;
    private long sentAt;
    private boolean looping;
    private CompletableFuture<String> awaiting; // answer of a single request (joinRoom, liveness check)
    private long heartbeatAnswers;

    BenchSocket(String joinFrame, LoadRun run) {
        this.joinFrame = joinFrame;
        this.run = run;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            if (joinFrame == null) {
                ready.complete(new Joined(this, "none"));
            } else {
                request(joinFrame).whenComplete((answer, error) ->
                        ready.complete(new Joined(this, error != null ? "no answer" : Json.condensed(answer))));
            }
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new IllegalStateException("handshake timeout"));
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            return;
        }
        String payload = text.text();
        if (payload.contains("\"method\"")) {
            return; // a notification
        }
        if (looping) {
            long micros = (System.nanoTime() - sentAt) / 1_000;
            run.answered(micros, payload.contains("\"pong\""));
            if (run.running) {
                sendPing();
            } else {
                looping = false;
                run.stopped.countDown();
            }
        } else if (awaiting != null) {
            CompletableFuture<String> request = awaiting;
            awaiting = null;
            request.complete(payload);
        } else {
            heartbeatAnswers++;
        }
    }

    /**
     * Starts the closed loop; every answer is recorded in the run until {@link LoadRun#running} turns false. A socket
     * already closed (a refused joinRoom is answered, then closed) counts as lost at once.
     */
    void startLoop() {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                run.lost();
                run.stopped.countDown();
                return;
            }
            looping = true;
            sendPing();
        });
    }

    /** A ping every {@code periodMillis}, starting at a random point of the first period, answers counted only. */
    void startHeartbeat(long periodMillis) {
        long first = (long) (Math.random() * periodMillis);
        channel.eventLoop().scheduleAtFixedRate(() -> {
            if (awaiting == null && channel.isActive()) {
                channel.writeAndFlush(new TextWebSocketFrame(Json.ping(nextId++)));
            }
        }, first, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** One ping now; completes with true when it is answered with pong. */
    CompletableFuture<Boolean> pingOnce() {
        CompletableFuture<Boolean> alive = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                alive.complete(false);
                return;
            }
            request(Json.ping(nextId++)).whenComplete((answer, error) ->
                    alive.complete(error == null && answer.contains("\"pong\"")));
        });
        return alive;
    }

    boolean isOpen() {
        return channel != null && channel.isActive();
    }

    long heartbeatAnswers() {
        return heartbeatAnswers;
    }

    /** A close frame with 1000, then the TCP connection. */
    void close() {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "bench done"))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    private CompletableFuture<String> request(String frame) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        awaiting = answer;
        channel.writeAndFlush(new TextWebSocketFrame(frame));
        return answer;
    }

    private void sendPing() {
        sentAt = System.nanoTime();
        channel.writeAndFlush(new TextWebSocketFrame(Json.ping(nextId++)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (awaiting != null) {
            awaiting.completeExceptionally(new IllegalStateException("closed"));
        }
        if (looping) {
            looping = false;
            run.lost();
            run.stopped.countDown();
        }
        ready.completeExceptionally(new IllegalStateException("closed before ready"));
        closed.complete(null);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        ctx.close();
    }
}
