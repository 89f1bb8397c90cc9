package io.vidgate.turn.external;

import io.vidgate.turn.IceServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps what a service answered until shortly before it expires, so that a join does not wait for a service
 * round trip each time, and a client never receives a credential about to lapse.
 *
 * <p>An answer is refreshed once less than 10 % of its lifetime, or less than 30 s, remains — whichever comes
 * first. An answer that lives less than that is handed out but not kept. Failures are not cached and never fall
 * back to an older answer: the caller gets the error. Concurrent misses for one key may each call the service;
 * that is harmless and keeps one slow call from blocking users under other keys.
 */
final class IceServersCache {

    static final Duration MIN_MARGIN = Duration.ofSeconds(30);
    static final int MARGIN_PERCENT = 10;

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    IceServersCache(Clock clock) {
        this.clock = clock;
    }

    IceServers get(String key, Supplier<IceServers> fetch) {
        Instant now = clock.instant();
        Entry cached = entries.get(key);
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.servers();
        }
        IceServers fresh = fetch.get();
        Entry entry = new Entry(fresh, refreshAt(now, fresh.expiresAt()));
        Instant afterFetch = clock.instant();
        if (afterFetch.isBefore(entry.refreshAt())) {
            entries.put(key, entry);
        } else {
            entries.remove(key);
        }
        sweep(afterFetch);
        return fresh;
    }

    static Instant refreshAt(Instant fetchedAt, Instant expiresAt) {
        Duration lifetime = Duration.between(fetchedAt, expiresAt);
        Duration fraction = lifetime.multipliedBy(MARGIN_PERCENT).dividedBy(100);
        return expiresAt.minus(fraction.compareTo(MIN_MARGIN) > 0 ? fraction : MIN_MARGIN);
    }

    // Keys are user ids, and users come and go: drop what is due for refresh, at most every 30 s so that a burst
    // of joins does not scan the map once per join.
    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(MIN_MARGIN);
        entries.values().removeIf(old -> !now.isBefore(old.refreshAt()));
    }

    /** How many answers are kept; for tests. */
    int size() {
        return entries.size();
    }

    private record Entry(IceServers servers, Instant refreshAt) {
    }
}
