package io.vidgate.gateway.edge;

import java.util.ArrayDeque;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.netty.NettyPipeline;

/**
 * Carries one direction of an admitted {@code /openvidu} socket (client to broker, or broker to client) inside Netty's
 * pipeline, below Reactor and Spring's {@code WebSocketSession}. A plain reverse proxy spends a read and a write per
 * message; the reactive path spent several times that, so once the edge has decided, it steps aside.
 *
 * <p>Modes, switched on the channel's event loop only:
 * <ul>
 *   <li>{@code PASS}: frames go on to Reactor (a client's first frame, the heartbeats before it);</li>
 *   <li>{@code HOLD}: admitted, the broker socket is opening; frames wait here in order, at most {@code maxHeld}
 *       (then {@code onOverflow} runs once and later frames are dropped);</li>
 *   <li>{@code FRAMES}: each decoded data frame is written to the peer as it is (its payload buffer changes hands);
 *       control frames still go to Reactor, which closes both sides as before;</li>
 *   <li>{@code RAW}: after the first frame in {@code FRAMES} mode (on the broker side: after the broker's answer to
 *       the admitted request, which the edge reads), the WebSocket decoder leaves the pipeline and bytes are
 *       forwarded as read: client frames stay masked, which a server accepts from any client, and broker frames stay
 *       unmasked. Close frames then pass through too, codes intact. {@link FrameBoundaries} follows the frame
 *       headers, for the message size limit and so that the gateway's own close frames ({@link #closePeer}) go in
 *       between frames. Both sockets must be on one event loop (the edge opens the broker socket on the client's),
 *       and neither may have negotiated an extension; otherwise the relay stays in {@code FRAMES}.</li>
 * </ul>
 * When the peer cannot take more (its write buffer is over the high-water mark) this side stops reading until it can:
 * TCP backpressure, as a plain proxy does.
 */
final class FrameRelay extends ChannelInboundHandlerAdapter {

    static final String NAME = "vidgate.edge.relay";

    enum Mode { PASS, HOLD, FRAMES, RAW }

    private final Channel channel;
    private final int maxHeld;
    private final boolean towardServer;
    private final CloseStatus whenGone;
    private final FrameBoundaries boundaries;
    private final ArrayDeque<WebSocketFrame> held = new ArrayDeque<>();
    /** Frames read before {@link #hold} that Reactor delivered only after it: they go first. */
    private final ArrayDeque<WebSocketFrame> early = new ArrayDeque<>();
    private volatile long lastReadNanos = System.nanoTime();
    private Runnable onOverflow = () -> { };
    private Runnable onTooLarge = () -> { };
    private Mode mode = Mode.PASS;
    private Channel peer;
    private Predicate<ByteBuf> watcher;
    private boolean rawAllowed;
    private boolean flushPending;
    private boolean overflowed;
    private boolean discarding;
    private boolean peerClosing;

    private FrameRelay(Channel channel, int maxHeld, boolean towardServer, CloseStatus whenGone, long maxMessageBytes) {
        this.channel = channel;
        this.maxHeld = maxHeld;
        this.towardServer = towardServer;
        this.whenGone = whenGone;
        this.boundaries = new FrameBoundaries(maxMessageBytes);
    }

    /**
     * The client side: passes frames on until {@link #hold}. A client whose connection drops without a close frame
     * is reported to the broker as 1001 (going away).
     *
     * @param maxMessageBytes the largest message the client may send once relayed raw
     */
    static FrameRelay fromClient(Channel client, int maxHeld, long maxMessageBytes) {
        return install(new FrameRelay(client, maxHeld, true, CloseStatus.GOING_AWAY, maxMessageBytes));
    }

    /** The broker side, relaying to the client at once. A broker that vanishes is reported to the client as 1012. */
    static FrameRelay fromBroker(Channel broker, CloseStatus whenGone) {
        return install(new FrameRelay(broker, 0, false, whenGone, 0));
    }

    /** In front of Reactor's bridge, after Netty's decoder (and the aggregator that Spring's receive() adds). */
    private static FrameRelay install(FrameRelay relay) {
        relay.channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, NAME, relay);
        return relay;
    }

    /** @param onOverflow runs once, on the event loop, if more than {@code maxHeld} frames arrive while holding */
    void onOverflow(Runnable onOverflow) {
        this.onOverflow = onOverflow;
    }

    /**
     * @param onTooLarge runs once, on the event loop, when a raw-relayed message goes over the limit: the message is
     *                   not forwarded, and neither is anything after it
     */
    void onTooLarge(Runnable onTooLarge) {
        this.onTooLarge = onTooLarge;
    }

    /** When this side last sent a data frame (or, relayed raw, any byte): the edge's idle clock. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Call on the event loop. */
    boolean isRaw() {
        return mode == Mode.RAW;
    }

    /** Keeps the frames that follow, in order, until {@link #relayTo}. Call on the channel's event loop. */
    void hold() {
        mode = Mode.HOLD;
    }

    /**
     * Sends what was held to {@code target}, then relays every frame to it. {@code watcher} (may be null) sees the
     * payload of each text frame before it leaves, until it answers true; it must not move the buffer's indexes.
     * Bytes are relayed raw from then on, if {@code target} is on this channel's event loop. Safe from any thread:
     * the switch runs on this channel's event loop.
     */
    void relayTo(Channel target, Predicate<ByteBuf> watcher) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> relayTo(target, watcher));
            return;
        }
        peer = target;
        this.watcher = watcher;
        rawAllowed = target.eventLoop() == channel.eventLoop() && noExtension(channel) && noExtension(target);
        mode = Mode.FRAMES;
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
     * Raw bytes are valid on the other leg only if neither leg negotiated an extension (permessage-deflate sets RSV1
     * and compresses with per-connection state). Neither does today: compression is off on both specs.
     */
    private static boolean noExtension(Channel channel) {
        return channel.pipeline().get(WebSocketExtensionDecoder.class) == null;
    }

    /**
     * A frame this relay passed to Reactor before {@link #hold} but that reached the edge only after it (Reactor had
     * queued it): it keeps its place, ahead of the held ones. Call on the channel's event loop.
     */
    void passedBeforeHold(WebSocketFrame frame) {
        if (mode == Mode.FRAMES || mode == Mode.RAW) {
            forward(frame);
            flushIfPending();
        } else {
            early.add(frame);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (mode == Mode.RAW && msg instanceof ByteBuf bytes) {
            lastReadNanos = System.nanoTime();
            forwardRaw(bytes);
            return;
        }
        if (!(msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
                || msg instanceof ContinuationWebSocketFrame)) {
            ctx.fireChannelRead(msg); // close, ping, pong: Reactor Netty's and the edge's business
            return;
        }
        lastReadNanos = System.nanoTime();
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
            case FRAMES, RAW -> {
                forward(frame);
                if (mode == Mode.FRAMES && rawAllowed && watcher == null && !peerClosing) {
                    goRaw(ctx.pipeline());
                }
            }
        }
    }

    private void forward(WebSocketFrame frame) {
        if (watcher != null && frame instanceof TextWebSocketFrame && watcher.test(frame.content())) {
            watcher = null;
        }
        write(frame);
    }

    /**
     * Called while Netty's decoder hands over a whole frame, so nothing of the next frame has been decoded yet: the
     * decoder's removal passes the bytes it still holds on to this handler, raw.
     */
    private void goRaw(ChannelPipeline pipeline) {
        mode = Mode.RAW;
        if (pipeline.get(WebSocketFrameAggregator.class) != null) {
            pipeline.remove(WebSocketFrameAggregator.class);
        }
        pipeline.remove(WebSocketFrameDecoder.class);
    }

    private void forwardRaw(ByteBuf bytes) {
        if (discarding) {
            bytes.release();
            return;
        }
        int tooLarge = boundaries.scan(bytes);
        if (tooLarge < 0) {
            write(bytes);
            return;
        }
        discarding = true;
        if (tooLarge > bytes.readerIndex()) {
            write(bytes.retainedSlice(bytes.readerIndex(), tooLarge - bytes.readerIndex()));
        }
        bytes.release();
        if (boundaries.violationStartedHere()) {
            boundaries.reset(); // the frame over the limit was not forwarded at all: the stream is between frames
        }
        onTooLarge.run();
    }

    private void write(Object message) {
        peer.write(message);
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

    /**
     * Ends the peer's connection, raw-relayed only (in the other modes Reactor closes it): a close frame with
     * {@code status} goes first unless this side already sent its own or the stream is in the middle of a frame,
     * then the connection closes once written. Once only; call on the event loop.
     */
    void closePeer(CloseStatus status) {
        if (peerClosing || peer == null) {
            return;
        }
        peerClosing = true;
        discarding = true;
        if (peer.isActive() && !boundaries.closeSeen() && boundaries.atBoundary()) {
            peer.write(CloseFrames.of(status, towardServer, peer.alloc()));
        }
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        if (mode == Mode.RAW) {
            closePeer(whenGone); // a close frame it sent has gone by already; else the peer hears whenGone
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
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
