package io.vidgate.broker.signaling;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code /openvidu} WebSocket's participant lifecycle ({@code vidgate.signaling.*}).
 *
 * @param pingTimeout     a joined socket silent this long (openvidu-browser pings every 5 s) is closed and its
 *                        participant evicted at once: OpenVidu evicts after about 10 s
 * @param reconnectGrace  how long a participant whose socket died stays in the session, waiting for openvidu-browser
 *                        to reconnect and send {@code connect}; then it is evicted ({@code networkDisconnect})
 */
@Validated
@ConfigurationProperties("vidgate.signaling")
public record SignalingProperties(
        @DefaultValue("10s") @NotNull Duration pingTimeout,
        @DefaultValue("10s") @NotNull Duration reconnectGrace) {

    public SignalingProperties {
        if (pingTimeout != null && (pingTimeout.toMillis() < 1000 || pingTimeout.toMinutes() > 10)) {
            throw new IllegalArgumentException("vidgate.signaling.ping-timeout must be between 1s and 10m, was " + pingTimeout);
        }
        if (reconnectGrace != null && (reconnectGrace.isNegative() || reconnectGrace.toMinutes() > 10)) {
            throw new IllegalArgumentException("vidgate.signaling.reconnect-grace must be between 0s and 10m, was " + reconnectGrace);
        }
    }
}
