package io.vidgate.gateway.admin;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.boot.admin.ErrorResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** 401 with OpenVidu's JSON error body, so REST clients get a message instead of an empty page. */
public class JsonErrorAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final JsonMapper json;

    public JsonErrorAuthenticationEntryPoint(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException reason) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"vidgate\"");
        // A refused request ends its connection: a keep-alive connection reused after a failed Basic
        // authentication of a HEAD or POST was seen to hang now and then (see docs/decisions.md), and a client
        // guessing secrets gains nothing from keeping its connection.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED,
                "Authentication required: HTTP Basic with user " + AdminCredentials.USERNAME + " and the Vidgate secret",
                json);
    }
}
