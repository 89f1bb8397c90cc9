package io.vidgate.gateway.edge;

import java.time.Duration;

import io.vidgate.boot.signaling.SignalingMessageProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Protections of the public {@code /openvidu} WebSocket ({@code vidgate.edge.*}). The defaults are safe for a
 * production edge; each refusal they cause is counted ({@code vidgate.edge.refused}, tag {@code reason}). Which pages
 * may open the socket is {@code vidgate.public.allowed-origins}, shared with the other browser-facing endpoints.
 *
 * @param firstFrameTimeout     how long a client may stay silent after the handshake before its {@code joinRoom}
 * @param maxFirstFrameBytes    the largest first frame (a {@code joinRoom} carries a token and small metadata); at
 *                              most {@code vidgate.signaling.max-message-bytes}, the limit of every later message,
 *                              shared with the broker ({@code SignalingMessageProperties})
 * @param idleTimeout           a piped socket from which the client sent no frame for this long is closed
 *                              (openvidu-browser pings every 5 s, so a live client is never idle that long)
 * @param maxConnections        open {@code /openvidu} sockets at once, on this gateway; more are refused (503)
 * @param handshakesPerIpPerMinute handshakes one client IP may start per minute; more are refused (429)
 * @param allowMissingOrigin    accept handshakes without an {@code Origin} header (non-browser clients: browsers
 *                              always send one, so this does not weaken the cross-site protection)
 * @param resumeWindow          how long after its socket closed a joined client may resume with openvidu-browser's
 *                              {@code connect {sessionId, reconnect: true}} on this gateway
 */
@Validated
@ConfigurationProperties("vidgate.edge")
public record EdgeProperties(
        @DefaultValue("10s") @NotNull @DurationMin(millis = 100) Duration firstFrameTimeout,
        @DefaultValue("16384") @Min(1024) int maxFirstFrameBytes,
        @DefaultValue("60s") @NotNull @DurationMin(millis = 100) Duration idleTimeout,
        @DefaultValue("10000") @Min(1) int maxConnections,
        @DefaultValue("60") @Min(1) int handshakesPerIpPerMinute,
        @DefaultValue("true") boolean allowMissingOrigin,
        @DefaultValue("60s") @NotNull @DurationMin(millis = 100) Duration resumeWindow) {

    /** Limits that depend on each other; each alone is checked by its annotations. */
    void checkConsistent(SignalingMessageProperties messages) {
        if (maxFirstFrameBytes > messages.maxMessageBytes()) {
            throw new IllegalArgumentException("vidgate.edge.max-first-frame-bytes (" + maxFirstFrameBytes
                    + ") must not exceed " + SignalingMessageProperties.PROPERTY + " (" + messages.maxMessageBytes()
                    + ")");
        }
    }
}
