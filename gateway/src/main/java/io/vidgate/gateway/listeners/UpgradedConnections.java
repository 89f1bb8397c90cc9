package io.vidgate.gateway.listeners;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.NettyPipeline;

/**
 * Takes a connection out of the listener's HTTP timeouts when it becomes a WebSocket: a timer armed for the handshake
 * request and left in the pipeline of the upgraded connection would close a WebSocket that is merely quiet (Reactor
 * Netty's whole-request timer, {@code requestTimeout}, was seen doing so: the handshake's end never reaches the HTTP
 * operations once the upgrade has replaced them, so nothing cancels it — which is why the listeners use the
 * per-read {@code readTimeout}, a handler this class can remove). WebSockets have timeouts of their own: the
 * {@code /openvidu} edge's {@code vidgate.edge.*}, the apps' for routed ones.
 */
final class UpgradedConnections extends ChannelOutboundHandlerAdapter {

    static final String NAME = "vidgate.upgradedConnections";

    /** Goes right after the HTTP codec, where responses are still objects; a pipeline without one is left alone. */
    static void watch(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, NAME, new UpgradedConnections());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response
                && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ChannelPipeline pipeline = ctx.pipeline();
            for (String timer : new String[] {NettyPipeline.IdleTimeoutHandler, NettyPipeline.ReadTimeoutHandler}) {
                if (pipeline.get(timer) != null) {
                    pipeline.remove(timer);
                }
            }
            pipeline.remove(this);
        }
        super.write(ctx, msg, promise);
    }
}
