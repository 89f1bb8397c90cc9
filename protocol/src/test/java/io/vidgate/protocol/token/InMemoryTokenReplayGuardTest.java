package io.vidgate.protocol.token;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.vidgate.protocol.token.TokenFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryTokenReplayGuardTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryTokenReplayGuard guard = new InMemoryTokenReplayGuard(clock, Duration.ofSeconds(5), 3);

    @Test
    void firstUseOnlyOnce() {
        assertThat(guard.firstUse("a", NOW.plusSeconds(60))).isTrue();
        assertThat(guard.firstUse("a", NOW.plusSeconds(60))).isFalse();
        assertThat(guard.firstUse("b", NOW.plusSeconds(60))).isTrue();
    }

    @Test
    void remembersUntilExpiryPlusLeewayThenForgets() {
        guard.firstUse("a", NOW.plusSeconds(10));
        guard.firstUse("b", NOW.plusSeconds(100));
        assertThat(guard.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(14)); // a: exp + leeway not yet reached, still usable, so still remembered
        assertThat(guard.firstUse("a", NOW.plusSeconds(10))).isFalse();
        assertThat(guard.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1)); // a's token can no longer verify: forgotten
        assertThat(guard.size()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(100));
        assertThat(guard.size()).isZero();
    }

    @Test
    void expiredTokensAreNeverAFirstUse() {
        assertThat(guard.firstUse("old", NOW.minusSeconds(5))).isFalse();
        assertThat(guard.size()).isZero();
    }

    @Test
    void failsClosedWhenFullButPurgesFirst() {
        guard.firstUse("a", NOW.plusSeconds(10));
        guard.firstUse("b", NOW.plusSeconds(100));
        guard.firstUse("c", NOW.plusSeconds(100));
        assertThatThrownBy(() -> guard.firstUse("d", NOW.plusSeconds(100))).isInstanceOf(IllegalStateException.class);
        assertThat(guard.firstUse("a", NOW.plusSeconds(10))).isFalse(); // a refusal, not an exception

        clock.advance(Duration.ofSeconds(20)); // a expires: room again
        assertThat(guard.firstUse("d", NOW.plusSeconds(100))).isTrue();
    }

    @Test
    void manyEntriesArePurgedInBulk() {
        InMemoryTokenReplayGuard big = new InMemoryTokenReplayGuard(clock, Duration.ofSeconds(5));
        for (int i = 0; i < 50_000; i++) {
            assertThat(big.firstUse("jti-" + i, NOW.plusSeconds(60 + i % 60))).isTrue();
        }
        assertThat(big.size()).isEqualTo(50_000);
        clock.advance(Duration.ofMinutes(3));
        assertThat(big.size()).isZero();
    }

    @Test
    void constructorArgumentsAreChecked() {
        assertThatThrownBy(() -> new InMemoryTokenReplayGuard(clock, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InMemoryTokenReplayGuard(clock, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
