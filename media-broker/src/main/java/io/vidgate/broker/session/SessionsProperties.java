package io.vidgate.broker.session;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.sessions.*}: how many sessions the broker holds and how many connections one session may have
 * (pending and active together) — beyond them the REST API answers 429 with a message naming the property —, and
 * OpenVidu's garbage collector for sessions nobody joined: every {@code garbageInterval} (0 turns it off), a session
 * nobody is in that is older than {@code garbageThreshold} is closed. Bare numbers are seconds, as OpenVidu's
 * {@code OPENVIDU_SESSIONS_GARBAGE_INTERVAL}/{@code _THRESHOLD}; {@code 15m}, {@code 1h} work too.
 */
@Validated
@ConfigurationProperties("vidgate.sessions")
public record SessionsProperties(
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxSessions,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxConnectionsPerSession,
        @DefaultValue("15m") @DurationUnit(ChronoUnit.SECONDS) Duration garbageInterval,
        @DefaultValue("1h") @DurationUnit(ChronoUnit.SECONDS) Duration garbageThreshold) {

    public SessionsProperties {
        if (garbageInterval.isNegative()) {
            throw new IllegalArgumentException("vidgate.sessions.garbage-interval must not be negative (0 turns the"
                    + " garbage collector off), not " + garbageInterval);
        }
        if (garbageThreshold.isNegative() || garbageThreshold.isZero()) {
            throw new IllegalArgumentException("vidgate.sessions.garbage-threshold must be positive, not "
                    + garbageThreshold);
        }
    }

    public SessionLimits toLimits() {
        return new SessionLimits(maxSessions, maxConnectionsPerSession);
    }
}
