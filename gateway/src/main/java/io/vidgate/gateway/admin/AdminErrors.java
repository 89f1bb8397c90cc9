package io.vidgate.gateway.admin;

import io.vidgate.boot.admin.ErrorBody;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes OpenVidu's error body from places that are not controllers (filters, entry points). */
final class AdminErrors {

    private AdminErrors() {
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String message, JsonMapper json) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        ErrorBody body = ErrorBody.of(status, message, exchange.getRequest().getPath().value());
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(body))));
    }
}
