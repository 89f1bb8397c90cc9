package io.vidgate.gateway.edge;

import java.util.ArrayDeque;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.netty.NettyPipeline;

/**
 * Moves the data frames of one WebSocket straight onto another, in Netty's pipeline, once the edge has admitted the
 * client: the frame Netty decoded on one side is the frame written on the other (its payload buffer changes hands,
 * no copy), written on the same event loop and flushed once per read batch. Reactor and Spring's
 * {@code WebSocketSession} see only what the edge still decides on — close frames and heartbeats, which each side's
 * Netty answers itself — and, before admission, the client's first frames. This is what keeps a piped socket's cost
 * near a plain reverse proxy's: the reactive path spent more CPU per message than the codec and the syscalls together.
 *
 * <p>Three modes, switched on the channel's event loop only:
 * <ul>
 *   <li>{@code PASS}: frames go on to Reactor (the first frame, heartbeats before it);</li>
 *   <li>{@code HOLD}: admitted, the broker socket is opening; frames wait here, in order, at most
 *       {@code maxHeld} of them (then {@code onOverflow} runs once and the rest are dropped);</li>
 *   <li>{@code RELAY}: frames go to the peer channel. When the peer cannot take more (its write buffer is over the
 *       high-water mark) this side stops reading until it can: TCP backpressure, as a plain proxy does.</li>
 * </ul>
 */
final class FrameRelay extends ChannelInboundHandlerAdapter {

    static final String NAME = "vidgate.edge.relay";

    private enum Mode { PASS, HOLD, RELAY }

    private final Channel channel;
    private final int maxHeld;
    private final Runnable onFrame;
    private final Runnable onOverflow;
    private final ArrayDeque<WebSocketFrame> held = new ArrayDeque<>();
    /** Frames read before {@link #hold} that Reactor delivered only after it: they go first. */
    private final ArrayDeque<WebSocketFrame> early = new ArrayDeque<>();
    private Mode mode = Mode.PASS;
    private Channel peer;
    private Predicate<ByteBuf> watcher;
    private boolean flushPending;
    private boolean overflowed;

    private FrameRelay(Channel channel, int maxHeld, Runnable onFrame, Runnable onOverflow) {
        this.channel = channel;
        this.maxHeld = maxHeld;
        this.onFrame = onFrame;
        this.onOverflow = onOverflow;
    }

    /**
     * Puts a relay into the pipeline of a WebSocket channel, in front of Reactor's bridge, passing every frame on
     * until {@link #hold} or {@link #relayTo}.
     *
     * @param onFrame    runs for every data frame read (the edge's idle clock)
     * @param onOverflow runs once if more than {@code maxHeld} frames arrive while holding
     */
    static FrameRelay install(Channel channel, int maxHeld, Runnable onFrame, Runnable onOverflow) {
        FrameRelay relay = new FrameRelay(channel, maxHeld, onFrame, onOverflow);
        channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, NAME, relay);
        return relay;
    }

    /** Keeps the frames that follow, in order, until {@link #relayTo}. Call on the channel's event loop. */
    void hold() {
        mode = Mode.HOLD;
    }

    /**
     * Sends what was held to {@code target}, then relays every frame to it. {@code watcher} (may be null) sees the
     * payload of each text frame before it leaves, until it answers true; it must not move the buffer's indexes.
     * Safe from any thread: the switch runs on this channel's event loop.
     */
    void relayTo(Channel target, Predicate<ByteBuf> watcher) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> relayTo(target, watcher));
            return;
        }
        peer = target;
        this.watcher = watcher;
        mode = Mode.RELAY;
        WebSocketFrame frame;
        while ((frame = early.poll()) != null) {
            forward(frame);
        }
        while ((frame = held.poll()) != null) {
            forward(frame);
        }
        flushIfPending();
    }

    /**
     * A frame this relay passed to Reactor before {@link #hold} but that reached the edge only after it (Reactor had
     * queued it): it keeps its place, ahead of the held ones. Call on the channel's event loop.
     */
    void passedBeforeHold(WebSocketFrame frame) {
        if (mode == Mode.RELAY) {
            forward(frame);
            flushIfPending();
        } else {
            early.add(frame);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame)) {
            ctx.fireChannelRead(msg); // close, ping, pong: Reactor Netty's and the edge's business
            return;
        }
        onFrame.run();
        WebSocketFrame frame = (WebSocketFrame) msg;
        switch (mode) {
            case PASS -> ctx.fireChannelRead(frame);
            case HOLD -> {
                if (held.size() < maxHeld) {
                    held.add(frame);
                } else {
                    frame.release();
                    if (!overflowed) {
                        overflowed = true;
                        onOverflow.run();
                    }
                }
            }
            case RELAY -> forward(frame);
        }
    }

    private void forward(WebSocketFrame frame) {
        if (watcher != null && frame instanceof TextWebSocketFrame && watcher.test(frame.content())) {
            watcher = null;
        }
        peer.write(frame);
        flushPending = true;
        if (!peer.isWritable() && peer.isActive()) {
            channel.config().setAutoRead(false); // resumed by the peer's relay when it drains
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfPending();
        ctx.fireChannelReadComplete();
    }

    private void flushIfPending() {
        if (flushPending) {
            flushPending = false;
            peer.flush();
        }
    }

    /** This channel drained: the side that writes into it may read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (peer != null && ctx.channel().isWritable() && !peer.config().isAutoRead()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    private void releaseHeld() {
        WebSocketFrame frame;
        while ((frame = early.poll()) != null) {
            frame.release();
        }
        while ((frame = held.poll()) != null) {
            frame.release();
        }
    }
}
