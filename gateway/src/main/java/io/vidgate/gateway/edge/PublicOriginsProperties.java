package io.vidgate.gateway.edge;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vidgate.public.allowed-origins}: the web origins whose pages may open the public {@code /openvidu}
 * WebSocket (cross-site WebSocket hijacking protection). Patterns as Spring's
 * {@code CorsConfiguration#setAllowedOriginPatterns}: {@code https://*.example.com}, {@code http://localhost:[*]}.
 * The default admits only local development origins.
 *
 * <p>Bound from the {@code vidgate.public} prefix beside {@code PublicListenerProperties} (which it does not
 * touch); whether it should move into that class, or be named {@code vidgate.edge.allowed-origins}, is an open
 * question of the draft (see gateway/DRAFT-issue-7.md).
 */
@ConfigurationProperties("vidgate.public")
public record PublicOriginsProperties(
        @DefaultValue({"http://localhost:[*]", "https://localhost:[*]", "http://127.0.0.1:[*]", "https://127.0.0.1:[*]"})
        List<String> allowedOrigins) {
}
