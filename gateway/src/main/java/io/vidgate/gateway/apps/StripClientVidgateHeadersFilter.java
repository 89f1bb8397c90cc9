package io.vidgate.gateway.apps;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Drops every {@code X-Vidgate-*} header a client sent, on every route, before any route filter runs: an app routed
 * without {@code VidgateToken} (or whose operator forgot it) must not receive a forged identity either. Gateway
 * filters that set such headers run after this one.
 */
public class StripClientVidgateHeadersFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!VidgateIdentityHeaders.anyPresent(exchange.getRequest().getHeaders())) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate()
                .request(request -> request.headers(VidgateIdentityHeaders::removeAll))
                .build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
