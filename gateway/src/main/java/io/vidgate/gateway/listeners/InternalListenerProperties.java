package io.vidgate.gateway.listeners;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The listener only backends and operators reach ({@code vidgate.internal.*}). Loopback by default; binding it
 * elsewhere (containers need it) works but is logged as a warning at startup.
 *
 * @param address             the address to bind
 * @param port                the port to bind; 0 picks a free one (tests)
 * @param idleTimeout         see {@link ListenerLimits#idleTimeout()}
 * @param requestReadTimeout  see {@link ListenerLimits#requestReadTimeout()}
 * @param maxConnections      see {@link ListenerLimits#maxConnections()}
 * @param maxConnectionsPerIp see {@link ListenerLimits#maxConnectionsPerIp()}
 * @param maxBodyBytes        the largest request body the gateway reads itself here (the token-minting routes of the
 *                            OpenVidu REST API, the TURN REST API form); a larger one is answered 413
 */
@Validated
@ConfigurationProperties("vidgate.internal")
public record InternalListenerProperties(
        @DefaultValue("127.0.0.1") @NotBlank String address,
        @DefaultValue("5443") @Min(0) @Max(65535) int port,
        @DefaultValue("60s") @NotNull @DurationMin(millis = 100) Duration idleTimeout,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 100) Duration requestReadTimeout,
        @DefaultValue("1024") @Min(1) int maxConnections,
        @DefaultValue("512") @Min(1) int maxConnectionsPerIp,
        @DefaultValue("65536") @Min(1024) int maxBodyBytes) implements ListenerLimits {
}
