package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.vidgate.turn.testing.MutableClock;
import org.junit.jupiter.api.Test;

class HandshakeRateLimiterTest {

    @Test
    void eachIpGetsItsLimitThenRefillsGradually() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(3, clock);
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.tryAcquire("10.0.0.2")).as("another IP has its own bucket").isTrue();

        clock.advance(Duration.ofSeconds(19)); // 3/min: one token per 20 s
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    }

    @Test
    void idleIpsAreForgotten() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(60, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("10.0." + (i / 256) + "." + (i % 256));
        }
        clock.advance(Duration.ofMinutes(2));
        for (int i = 0; i < 100; i++) {
            limiter.tryAcquire("192.168.0.1");
        }
        assertThat(limiter.trackedIps()).isEqualTo(1);
    }
}
