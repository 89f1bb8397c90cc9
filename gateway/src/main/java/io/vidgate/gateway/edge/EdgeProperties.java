package io.vidgate.gateway.edge;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Protections of the public {@code /openvidu} WebSocket ({@code vidgate.edge.*}). The defaults are safe for a
 * production edge; each refusal they cause is counted ({@code vidgate.edge.refused}, tag {@code reason}).
 *
 * @param firstFrameTimeout     how long a client may stay silent after the handshake before its {@code joinRoom}
 * @param maxFirstFrameBytes    the largest first frame (a {@code joinRoom} carries a token and small metadata)
 * @param maxFrameBytes         the largest frame in either direction once piped (SDP offers are tens of KiB);
 *                              a larger client frame closes the socket with 1009
 * @param idleTimeout           a piped socket with no frame in either direction for this long is closed
 *                              (openvidu-browser pings every 5 s, so a live client is never idle that long)
 * @param maxConnections        open {@code /openvidu} sockets at once, on this gateway; more are refused (503)
 * @param handshakesPerIpPerMinute handshakes one client IP may start per minute; more are refused (429)
 * @param allowMissingOrigin    accept handshakes without an {@code Origin} header (non-browser clients: browsers
 *                              always send one, so this does not weaken the cross-site protection)
 */
@Validated
@ConfigurationProperties("vidgate.edge")
public record EdgeProperties(
        @DefaultValue("10s") @NotNull Duration firstFrameTimeout,
        @DefaultValue("16384") @Min(1024) int maxFirstFrameBytes,
        @DefaultValue("262144") @Min(1024) int maxFrameBytes,
        @DefaultValue("60s") @NotNull Duration idleTimeout,
        @DefaultValue("10000") @Min(1) int maxConnections,
        @DefaultValue("60") @Min(1) int handshakesPerIpPerMinute,
        @DefaultValue("true") boolean allowMissingOrigin) {
}
