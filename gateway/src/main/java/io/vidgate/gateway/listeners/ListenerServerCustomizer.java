package io.vidgate.gateway.listeners;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * What each of the two Netty servers applies to itself: it marks the connections it accepts with its
 * {@link Listener} ({@link ListenerConnections}), and enforces its {@link ListenerLimits}.
 */
final class ListenerServerCustomizer implements NettyServerCustomizer {

    private final Listener listener;
    private final ListenerLimits limits;
    private final ConnectionLimiter connections;

    ListenerServerCustomizer(Listener listener, ListenerLimits limits, ConnectionLimiter connections) {
        this.listener = listener;
        this.limits = limits;
        this.connections = connections;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server
                .childAttr(ListenerConnections.LISTENER, listener)
                .doOnChannelInit(connections::onChannelInit)
                .doOnChannelInit((observer, channel, remote) -> UpgradedConnections.watch(channel.pipeline()))
                .idleTimeout(limits.idleTimeout())
                .readTimeout(limits.requestReadTimeout());
    }
}
