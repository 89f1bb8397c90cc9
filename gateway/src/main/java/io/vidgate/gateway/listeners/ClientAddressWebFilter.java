package io.vidgate.gateway.listeners;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Puts the true client address on every request before anything reads it: the TCP peer of its connection, or the
 * client a trusted proxy names ({@link TrustedProxies}). The request's remote address is replaced with it, so that
 * what Reactor Netty made of forwarded headers reaches nobody — the {@code /openvidu} edge's per-IP handshake limit,
 * the {@code X-Forwarded-For} Spring Cloud Gateway adds toward the broker and the apps, the logs.
 */
public class ClientAddressWebFilter implements WebFilter, Ordered {

    /** The client's {@link InetAddress}, as decided here. */
    public static final String CLIENT_ADDRESS = ClientAddressWebFilter.class.getName() + ".client";

    private final TrustedProxies trustedProxies;

    public ClientAddressWebFilter(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress peer = ListenerConnections.peerOf(request);
        if (peer == null || peer.getAddress() == null) {
            return chain.filter(exchange);
        }
        InetAddress client = ListenerConnections.arrivedOn(request) == Listener.PUBLIC
                ? trustedProxies.clientOf(peer.getAddress(), request.getHeaders().get("X-Forwarded-For"))
                : peer.getAddress();
        exchange.getAttributes().put(CLIENT_ADDRESS, client);
        InetSocketAddress remote = client.equals(peer.getAddress()) ? peer : new InetSocketAddress(client, 0);
        return chain.filter(exchange.mutate().request(builder -> builder.remoteAddress(remote)).build());
    }

    /** The client of {@code exchange} as this filter decided it; the TCP peer if it did not run. */
    public static InetAddress clientOf(ServerWebExchange exchange) {
        Object decided = exchange.getAttribute(CLIENT_ADDRESS);
        if (decided instanceof InetAddress address) {
            return address;
        }
        InetSocketAddress peer = ListenerConnections.peerOf(exchange.getRequest());
        return peer == null ? null : peer.getAddress();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
