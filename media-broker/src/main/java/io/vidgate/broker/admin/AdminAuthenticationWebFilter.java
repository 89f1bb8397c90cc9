package io.vidgate.broker.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.boot.admin.ErrorResponses;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request needs HTTP Basic {@code OPENVIDUAPP:<secret>}, except health checks. Fail closed: a path is open
 * only when listed here, so a new endpoint is protected until someone decides otherwise (the signaling WebSocket
 * {@code /openvidu}, which authenticates with connection tokens in {@code joinRoom}, is listed in {@link #isOpen}).
 *
 * <p>A plain filter rather than Spring Security: one user, no sessions, no cookies, nothing to configure. The 401
 * carries {@code WWW-Authenticate}, which openvidu-java-client's HTTP client waits for before it sends credentials.
 */
public class AdminAuthenticationWebFilter implements WebFilter, Ordered {

    /** {@code /actuator/health} and its groups; no dots, so no {@code ..} tricks. */
    private static final Pattern OPEN = Pattern.compile("/actuator/health(/[A-Za-z0-9_-]+)*");
    private static final String BASIC = "basic ";

    private final AdminCredentials credentials;
    private final JsonMapper json;

    public AdminAuthenticationWebFilter(AdminCredentials credentials, JsonMapper json) {
        this.credentials = credentials;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isOpen(exchange.getRequest().getPath().value()) || authenticated(exchange.getRequest().getHeaders())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"vidgate\", charset=\"UTF-8\"");
        return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED, "Authentication required: HTTP Basic with user "
                + AdminCredentials.USERNAME + " and the Vidgate secret", json);
    }

    @Override
    public int getOrder() {
        // Before anything reads the body or routes the request.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    static boolean isOpen(String path) {
        // The signaling WebSocket authenticates each participant by the connection token in joinRoom.
        return OPEN.matcher(path).matches() || io.vidgate.broker.signaling.SignalingConfiguration.PATH.equals(path);
    }

    private boolean authenticated(HttpHeaders headers) {
        List<String> values = headers.get(HttpHeaders.AUTHORIZATION);
        if (values == null || values.size() != 1) {
            return false;
        }
        String value = values.get(0);
        if (value.length() <= BASIC.length() || !value.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && credentials.matches(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
