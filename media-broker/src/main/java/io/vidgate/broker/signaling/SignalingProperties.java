package io.vidgate.broker.signaling;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code /openvidu} WebSocket's participant lifecycle and per-socket limits ({@code vidgate.signaling.*}; the
 * largest message, {@code vidgate.signaling.max-message-bytes}, is shared with the gateway: boot-support's
 * {@code SignalingMessageProperties}).
 *
 * @param pingTimeout         a joined socket silent this long (openvidu-browser pings every 5 s) is closed and its
 *                            participant evicted at once: OpenVidu evicts after about 10 s
 * @param reconnectGrace      how long a participant whose socket died stays in the session, waiting for
 *                            openvidu-browser to reconnect and send {@code connect}; then it is evicted
 *                            ({@code networkDisconnect})
 * @param outboundQueueFrames frames that may wait for one client to read them (beyond what the socket and the
 *                            kernel hold); one more closes the socket with 1008 and evicts its participant at once
 * @param outboundQueueBytes  the same bound in bytes (UTF-8, as sent)
 * @param signalsPerSecond    {@code sendMessage} calls one socket may make per second, on average; more are answered
 *                            with a JSON-RPC error (999), the socket stays open
 * @param signalBurst         how many {@code sendMessage} calls may come at once after a quiet spell
 */
@Validated
@ConfigurationProperties("vidgate.signaling")
public record SignalingProperties(
        @DefaultValue("10s") @NotNull Duration pingTimeout,
        @DefaultValue("10s") @NotNull Duration reconnectGrace,
        @DefaultValue("1000") @Min(16) int outboundQueueFrames,
        @DefaultValue("8388608") @Min(65536) int outboundQueueBytes,
        @DefaultValue("50") @Min(1) int signalsPerSecond,
        @DefaultValue("100") @Min(1) int signalBurst) {

    public SignalingProperties {
        if (pingTimeout != null && (pingTimeout.toMillis() < 1000 || pingTimeout.toMinutes() > 10)) {
            throw new IllegalArgumentException("vidgate.signaling.ping-timeout must be between 1s and 10m, was " + pingTimeout);
        }
        if (reconnectGrace != null && (reconnectGrace.isNegative() || reconnectGrace.toMinutes() > 10)) {
            throw new IllegalArgumentException("vidgate.signaling.reconnect-grace must be between 0s and 10m, was " + reconnectGrace);
        }
    }

    /** A reply as large as the largest message must fit in the outbound queue. */
    SignalingProperties checkRoomFor(int maxMessageBytes) {
        if (outboundQueueBytes < maxMessageBytes) {
            throw new IllegalArgumentException("vidgate.signaling.outbound-queue-bytes (" + outboundQueueBytes
                    + ") must be at least vidgate.signaling.max-message-bytes (" + maxMessageBytes + ")");
        }
        return this;
    }

    /** The defaults above (tests that build the signaling objects by hand). */
    static SignalingProperties defaults() {
        return new SignalingProperties(Duration.ofSeconds(10), Duration.ofSeconds(10), 1000, 8 * 1024 * 1024, 50, 100);
    }
}
