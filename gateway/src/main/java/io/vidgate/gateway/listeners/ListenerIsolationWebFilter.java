package io.vidgate.gateway.listeners;

import java.net.InetSocketAddress;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves each path only on the listener that owns it ({@link ListenerPaths}); on the other one it answers exactly
 * what an unknown path answers there — 404 through the same error handler, after the same security headers — so the
 * public surface does not reveal that an admin API exists. The listener is decided by the local port the connection
 * arrived on, never by the Host header, which the client controls.
 *
 * <p>Ordered just after Spring Security's filter chain ({@code -100}): the admin security chain only matches
 * requests that arrived on the internal listener, so on the public one security adds its headers and lets the
 * request through to this filter.
 */
public class ListenerIsolationWebFilter implements WebFilter, Ordered {

    public static final int ORDER = -99;

    private final InternalListenerServer internalListener;

    public ListenerIsolationWebFilter(InternalListenerServer internalListener) {
        this.internalListener = internalListener;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Listener arrivedOn = arrivedOn(exchange, internalListener);
        Listener owner = ListenerPaths.ownerOf(exchange.getRequest().getURI().getRawPath());
        if (arrivedOn != owner) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return chain.filter(exchange);
    }

    /** Which listener a request came through, from the local port of its connection. */
    public static Listener arrivedOn(ServerWebExchange exchange, InternalListenerServer internalListener) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && local.getPort() == internalListener.port() ? Listener.INTERNAL : Listener.PUBLIC;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
