package io.vidgate.gateway.listeners;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The listener the internet sees ({@code vidgate.public.*}).
 *
 * @param address the address to bind; 0.0.0.0 for every interface
 * @param port    the port to bind; 0 picks a free one (tests)
 * @param url     how clients reach this listener from outside (a load balancer or TLS terminator may sit in front);
 *                tokens handed to browsers point there. Empty means {@code http://localhost:<port>} (development).
 * @param allowedOrigins the web origins whose pages may call this listener from the browser (CORS) and open its
 *                {@code /openvidu} WebSocket, as origin patterns ({@code https://app.example.com},
 *                {@code http://localhost:[*]}); none by default, localhost origins in the dev profile
 * @param trustedProxies the load balancers or reverse proxies in front of this listener whose {@code X-Forwarded-For}
 *                is believed, as IP addresses or CIDR blocks ({@link TrustedProxies}); none by default: the client is
 *                the TCP peer. Connections from them are not counted against {@code max-connections-per-ip}
 * @param idleTimeout         see {@link ListenerLimits#idleTimeout()}
 * @param requestReadTimeout  see {@link ListenerLimits#requestReadTimeout()}
 * @param maxConnections      see {@link ListenerLimits#maxConnections()}; below the process's descriptor limit, with
 *                            room for the internal listener and one broker socket per {@code /openvidu} client
 * @param maxConnectionsPerIp see {@link ListenerLimits#maxConnectionsPerIp()}
 */
@Validated
@ConfigurationProperties("vidgate.public")
public record PublicListenerProperties(
        @DefaultValue("0.0.0.0") @NotBlank String address,
        @DefaultValue("4443") @Min(0) @Max(65535) int port,
        @DefaultValue("") @Pattern(regexp = "^$|^(https?|wss?)://[^/?#\\s]+/?$",
                message = "must be an http(s) or ws(s) URL with a host and no path, e.g. https://edge.example.com")
        String url,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("20s") @NotNull @DurationMin(millis = 100) Duration idleTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 100) Duration requestReadTimeout,
        @DefaultValue("12000") @Min(1) int maxConnections,
        @DefaultValue("256") @Min(1) int maxConnectionsPerIp) implements ListenerLimits {
}
