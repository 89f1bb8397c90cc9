package io.vidgate.broker.admin;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Every exchange completes in a task of its connection's event loop of its own, never inside the one that dispatched
 * it. Reactor Netty 1.3.6 (reactor/reactor-netty#4361, fixed by #4347) stops reading an HTTP/1.1 keep-alive
 * connection when a request it had buffered — one that arrived before the previous exchange terminated — is answered
 * and terminates re-entrantly, as a synchronous answer (a 401, a 404) does: the client's next request on that
 * connection is never read. RecordingsApiTest met it as a download's unauthenticated request timing out after a 416,
 * and openvidu-java-client's stopRecording right after startRecording. Remove once on a Reactor Netty with the fix.
 */
final class KeepAliveReadWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            return chain.filter(exchange).publishOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
