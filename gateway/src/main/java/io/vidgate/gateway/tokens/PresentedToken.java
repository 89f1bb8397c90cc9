package io.vidgate.gateway.tokens;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The connection token as a client presented it: in {@code Authorization: Bearer}, or in the {@code access_token}
 * query parameter (browsers cannot set headers on a WebSocket handshake). Either may be null. Not verified.
 */
public record PresentedToken(String bearerHeader, String accessTokenParam) {

    public static final String ACCESS_TOKEN_PARAM = "access_token";

    public static PresentedToken of(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? nullIfEmpty(authorization.substring(7).trim()) : null;
        return new PresentedToken(bearer, nullIfEmpty(request.getQueryParams().getFirst(ACCESS_TOKEN_PARAM)));
    }

    private static String nullIfEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
