package io.vidgate.gateway.listeners;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Serves each path only on the listener that owns it ({@link ListenerPaths}); on the other one it answers exactly
 * what an unknown path answers there — 404 through the same error handler, after the same security headers — so the
 * public surface does not reveal that an admin API exists. The listener is the one whose server accepted the
 * connection ({@link ListenerConnections}), never anything the client wrote: not the Host header, and not the local
 * address Reactor Netty derives from {@code X-Forwarded-Port} or {@code Forwarded: host=} when forwarded headers are
 * honoured.
 *
 * <p>Ordered just after Spring Security's filter chain ({@code -100}): the admin security chain only matches
 * requests that arrived on the internal listener, so on the public one security adds its headers and lets the
 * request through to this filter.
 */
public class ListenerIsolationWebFilter implements WebFilter, Ordered {

    public static final int ORDER = -99;

    /** A path no handler, controller or route of the gateway serves (a catch-all app route treats it as any other). */
    static final String NOBODYS_PATH = "/.vidgate/no-such-path";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Listener arrivedOn = ListenerConnections.arrivedOn(exchange.getRequest());
        Listener owner = ListenerPaths.ownerOf(exchange.getRequest().getURI().getRawPath());
        if (arrivedOn != owner) {
            if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
                // A preflight of a path that does not exist is answered by WebFlux's CORS handling (200, no CORS
                // headers), not with a 404: a 404 here told the admin surface apart. So it goes on as a preflight of
                // a path nobody serves, and gets exactly that answer.
                return chain.filter(exchange.mutate().request(request -> request.path(NOBODYS_PATH)).build());
            }
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
