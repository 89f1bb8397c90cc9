package io.vidgate.broker.signaling;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} saved up. Thread-safe (a socket's frames
 * are handled one at a time, but REST-driven paths may share it).
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, int burst, LongSupplier nanoTime) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes one token; false when the bucket is empty. */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
