package io.vidgate.turn.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServers;
import io.vidgate.turn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IceServersCacheTest {

    @ParameterizedTest(name = "lifetime {0} s -> refresh {1} s after fetching")
    @CsvSource({
        "86400, 77760",  // 10 % margin: 2.4 h
        "600,   540",    // 10 % margin: 60 s
        "300,   270",    // 10 % and 30 s agree
        "100,   70",     // 30 s margin
        "20,    -10"})   // would be refreshed before it was fetched: never kept
    void refreshesWhenTenPercentOrThirtySecondsRemainWhicheverComesFirst(long lifetime, long refreshAfter) {
        Instant fetchedAt = Instant.ofEpochSecond(1_700_000_000L);

        assertThat(IceServersCache.refreshAt(fetchedAt, fetchedAt.plusSeconds(lifetime)))
                .isEqualTo(fetchedAt.plusSeconds(refreshAfter));
    }

    @Test
    void answersOfUsersWhoLeftAreDroppedOnceDue() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
        IceServersCache cache = new IceServersCache(clock);
        cache.get("alice", () -> servers(clock.instant().plusSeconds(600)));
        cache.get("bob", () -> servers(clock.instant().plusSeconds(600)));
        assertThat(cache.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(540));
        cache.get("carol", () -> servers(clock.instant().plusSeconds(600)));

        assertThat(cache.size()).as("only carol's answer is still fresh").isEqualTo(1);
    }

    private static IceServers servers(Instant expiresAt) {
        return new IceServers(List.of(new IceServer(List.of("turn:h"), "u", "p")), expiresAt);
    }
}
