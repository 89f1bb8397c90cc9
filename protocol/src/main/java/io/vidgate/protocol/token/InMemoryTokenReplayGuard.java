package io.vidgate.protocol.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A {@link TokenReplayGuard} for one broker process. Each id is kept until its token's {@code exp} plus the
 * verifier's leeway (after that the verifier refuses the token anyway), then forgotten, so memory is bounded by
 * the number of single-use tokens that are still valid. A hard cap protects against a flood all the same: when
 * it is reached with nothing left to forget, new first uses are refused (fail closed) with an
 * {@link IllegalStateException} rather than silently allowing replays.
 *
 * <p>Several broker instances need a shared guard (Redis); this one only sees its own process.
 */
public final class InMemoryTokenReplayGuard implements TokenReplayGuard {
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Duration leeway;
    private final int maxEntries;
    private final boolean everyTokenSingleUse;
    private final Map<String, Instant> forgetAt = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

    private record Entry(Instant forgetAt, String jti) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            return forgetAt.compareTo(other.forgetAt);
        }
    }

    /**
     * @param leeway     the verifier's {@code vidgate.tokens.leeway}: a token stays usable that long after
     *                   {@code exp}, so its id must be remembered that long too
     * @param maxEntries hard cap on remembered ids
     * @param everyTokenSingleUse {@code vidgate.tokens.single-use}: every token joins once, not only those that
     *                   carry {@code single_use: true}
     */
    public InMemoryTokenReplayGuard(Clock clock, Duration leeway, int maxEntries, boolean everyTokenSingleUse) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.leeway = Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.everyTokenSingleUse = everyTokenSingleUse;
    }

    /** Only tokens that carry {@code single_use: true} are single-use. */
    public InMemoryTokenReplayGuard(Clock clock, Duration leeway, int maxEntries) {
        this(clock, leeway, maxEntries, false);
    }

    /** Only tokens that carry {@code single_use: true} are single-use. */
    public InMemoryTokenReplayGuard(Clock clock, Duration leeway) {
        this(clock, leeway, DEFAULT_MAX_ENTRIES, false);
    }

    @Override
    public boolean everyTokenSingleUse() {
        return everyTokenSingleUse;
    }

    @Override
    public synchronized boolean firstUse(String jti, Instant expiresAt) {
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        purge(now);
        Instant until = expiresAt.plus(leeway);
        if (!now.isBefore(until)) {
            return false; // expired: it must not be used at all, and remembering it would be pointless
        }
        if (forgetAt.containsKey(jti)) {
            return false;
        }
        if (forgetAt.size() >= maxEntries) {
            throw new IllegalStateException("token replay guard full (" + maxEntries
                    + " single-use tokens still valid); refusing rather than allowing replays");
        }
        forgetAt.put(jti, until);
        byExpiry.add(new Entry(until, jti));
        return true;
    }

    /** Ids currently remembered (after forgetting the expired ones). */
    public synchronized int size() {
        purge(clock.instant());
        return forgetAt.size();
    }

    private void purge(Instant now) {
        while (!byExpiry.isEmpty() && !now.isBefore(byExpiry.peek().forgetAt())) {
            forgetAt.remove(byExpiry.poll().jti());
        }
    }
}
