package io.vidgate.gateway.listeners;

import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * A request whose body stopped arriving for {@code request-read-timeout} ({@link ListenerLimits}) is the client's
 * doing: Reactor Netty has already closed its connection, so there is no one to answer. Without this it reached
 * Boot's error handler as a 500, logged at ERROR with a stack trace, once per stalled request — which any client can
 * cause. Ordered before that handler ({@code -1}).
 */
@Order(-2)
public class StalledBodyHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StalledBodyHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (!(failure instanceof ReadTimeoutException)) {
            return Mono.error(failure);
        }
        log.debug("{} {}: the request body stalled; connection closed", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath());
        return Mono.empty();
    }
}
