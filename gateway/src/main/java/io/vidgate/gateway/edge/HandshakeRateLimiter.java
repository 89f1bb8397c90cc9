package io.vidgate.gateway.edge;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Handshakes per client IP: a token bucket per IP holding up to {@code perMinute} handshakes, refilled at
 * {@code perMinute} per minute (so no burst of twice the limit at a window boundary). Buckets that have refilled
 * completely carry no information and are dropped from time to time, which bounds memory by the IPs active in the
 * last minute. Per gateway instance: several gateways behind a load balancer each allow the limit.
 */
public class HandshakeRateLimiter {

    private static final int SWEEP_EVERY = 1024;

    private final int perMinute;
    private final double refillPerMilli;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public HandshakeRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.refillPerMilli = perMinute / 60_000.0;
        this.clock = clock;
    }

    /** Takes one handshake from {@code ip}'s bucket; false when it is empty. */
    public boolean tryAcquire(String ip) {
        long now = clock.millis();
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            buckets.values().removeIf(bucket -> bucket.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(ip, key -> new Bucket(perMinute, now));
        return bucket.take(now);
    }

    int trackedIps() {
        return buckets.size();
    }

    private final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized boolean take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= perMinute;
        }

        private void refill(long now) {
            if (now > updated) {
                tokens = Math.min(perMinute, tokens + (now - updated) * refillPerMilli);
                updated = now;
            }
        }
    }
}
