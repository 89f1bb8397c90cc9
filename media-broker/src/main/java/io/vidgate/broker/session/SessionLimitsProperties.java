package io.vidgate.broker.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.sessions.*}: how many sessions the broker holds and how many connections one session may have
 * (pending and active together). Beyond them the REST API answers 429 with a message naming the property.
 */
@Validated
@ConfigurationProperties("vidgate.sessions")
public record SessionLimitsProperties(
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxSessions,
        @DefaultValue("500") @Min(1) @Max(100_000) int maxConnectionsPerSession) {

    public SessionLimits toLimits() {
        return new SessionLimits(maxSessions, maxConnectionsPerSession);
    }
}
