package io.vidgate.gateway.apps;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.vidgate.boot.admin.ErrorResponses;
import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.gateway.tokens.PresentedToken;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.PatternMatchUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code VidgateToken}: a route filter for apps behind the gateway (HTTP or WebSocket) that admits only callers with
 * a valid Vidgate connection token, presented as {@code Authorization: Bearer <token>}, or as the
 * {@code access_token} query parameter on a WebSocket handshake. The token is verified as for
 * {@code /v1/ice-servers} (signature, expiry, issuer, audience; a bare JWT or the OpenVidu token URL). The app then
 * receives {@link VidgateIdentityHeaders} and never the token: {@code Authorization}, {@code access_token} and any
 * client-sent {@code X-Vidgate-*} header are removed.
 *
 * <pre>
 * filters:
 *   - VidgateToken                        # any valid token
 *   - VidgateToken=MODERATOR,ses_Team*    # shortcut: one role, optionally a session pattern ('*': anything)
 *   - name: VidgateToken
 *     args: { roles: [PUBLISHER, MODERATOR], session: "ses_Team*" }   # several roles (or "PUBLISHER, MODERATOR")
 * </pre>
 *
 * Refusals: 401 without a usable token, 403 for a valid token of another role or session, 400 for a token sent twice
 * or in the query of a plain HTTP request (it would reach the app and its logs); OpenVidu's error body, with
 * {@code WWW-Authenticate: Bearer}. Nothing reaches the app. A single-use token is not consumed here: it still joins
 * once.
 */
public class VidgateTokenGatewayFilterFactory extends AbstractGatewayFilterFactory<VidgateTokenGatewayFilterFactory.Config> {

    private static final Logger log = LoggerFactory.getLogger(VidgateTokenGatewayFilterFactory.class);
    private static final String CONFIGURED_IN = "spring.cloud.gateway.server.webflux.routes: VidgateToken ";

    private final ConnectionTokenVerifier verifier;
    private final JsonMapper json;

    public VidgateTokenGatewayFilterFactory(ConnectionTokenVerifier verifier, JsonMapper json) {
        super(Config.class);
        this.verifier = verifier;
        this.json = json;
    }

    /** @see #apply(Config) */
    public static class Config {
        private List<String> roles = new ArrayList<>();
        private String session;

        public List<String> getRoles() {
            return roles;
        }

        /** Roles admitted, OpenVidu names; empty admits every role. */
        public void setRoles(List<String> roles) {
            this.roles = roles == null ? new ArrayList<>() : roles;
        }

        public String getSession() {
            return session;
        }

        /** Session ids admitted, {@code *} matching any characters ({@code ses_Team*}); unset admits every session. */
        public void setSession(String session) {
            this.session = session;
        }
    }

    /**
     * {@code VidgateToken=<role>,<session pattern>}. Spring Cloud Gateway splits a shortcut at commas, so it cannot
     * carry a list of roles: {@code VidgateToken=PUBLISHER,MODERATOR} would read MODERATOR as the session pattern, a
     * mistake {@link #apply} refuses at startup.
     */
    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("roles", "session");
    }

    @Override
    public GatewayFilter apply(Config config) {
        Set<Role> roles = roles(config.getRoles());
        String session = config.getSession() == null || config.getSession().isBlank() ? null : config.getSession().trim();
        if (session != null && Arrays.stream(Role.values()).anyMatch(role -> role.name().equals(session))) {
            throw new ConfigurationProblem(CONFIGURED_IN + "session pattern '"
                    + session + "' is a role name; the shortcut takes one role (VidgateToken=<role>,<session pattern>): "
                    + "list several roles under args.roles", null);
        }
        return (exchange, chain) -> {
            PresentedToken presented = PresentedToken.of(exchange.getRequest());
            boolean handshake = "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
            if (presented.bearerHeader() != null && presented.accessTokenParam() != null) {
                return refuse(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                        "Send the connection token once: in Authorization or in access_token, not both");
            }
            if (presented.accessTokenParam() != null && !handshake) {
                return refuse(exchange, HttpStatus.BAD_REQUEST, "invalid_request",
                        "access_token is accepted on WebSocket handshakes only; use Authorization: Bearer");
            }
            String token = presented.bearerHeader() != null ? presented.bearerHeader() : presented.accessTokenParam();
            if (token == null) {
                return refuse(exchange, HttpStatus.UNAUTHORIZED, null, "A Vidgate connection token is required");
            }
            VerifiedConnectionToken verified;
            try {
                verified = verifier.verifyBearer(token);
            } catch (TokenRejectedException rejected) {
                log.info("VidgateToken refused a token on {}: {}", exchange.getRequest().getPath(), rejected.getMessage());
                return refuse(exchange, HttpStatus.UNAUTHORIZED, "invalid_token",
                        "The connection token was refused: " + rejected.reason());
            }
            if ((!roles.isEmpty() && !roles.contains(verified.role()))
                    || (session != null && !PatternMatchUtils.simpleMatch(session, verified.sessionId()))) {
                return refuse(exchange, HttpStatus.FORBIDDEN, "insufficient_scope",
                        "The connection token does not give access to this route");
            }
            return chain.filter(withIdentity(exchange, verified));
        };
    }

    /** A YAML list, or comma-separated. A misspelt role stops startup: it must never widen the route to everyone. */
    private static Set<Role> roles(List<String> configured) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String entry : configured) {
            for (String role : entry.split(",")) {
                if (role.isBlank()) {
                    continue;
                }
                try {
                    roles.add(Role.parse(role.trim()));
                } catch (IllegalArgumentException unknown) {
                    throw new ConfigurationProblem(CONFIGURED_IN + "roles: " + unknown.getMessage(), unknown);
                }
            }
        }
        return roles;
    }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, VerifiedConnectionToken verified) {
        URI uri = exchange.getRequest().getURI();
        URI withoutToken = UriComponentsBuilder.fromUri(uri).replaceQuery(withoutAccessToken(uri.getRawQuery()))
                .build(true).toUri();
        return exchange.mutate().request(request -> request
                .uri(withoutToken)
                .headers(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    VidgateIdentityHeaders.removeAll(headers);
                    headers.set(VidgateIdentityHeaders.CONNECTION_ID, verified.connectionId());
                    headers.set(VidgateIdentityHeaders.SESSION_ID, verified.sessionId());
                    headers.set(VidgateIdentityHeaders.ROLE, verified.role().name());
                }))
                .build();
    }

    /** The raw query without its {@code access_token} parameters; the others keep their exact encoding. */
    static String withoutAccessToken(String rawQuery) {
        if (rawQuery == null) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!PresentedToken.ACCESS_TOKEN_PARAM.equals(decoded(name))) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String error, String message) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"vidgate\"" + (error == null ? "" : ", error=\"" + error + "\""));
        return ErrorResponses.write(exchange, status, message, json);
    }
}
