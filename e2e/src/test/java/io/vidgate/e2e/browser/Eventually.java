package io.vidgate.e2e.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for what a browser or the stack will do soon; nothing to wait on but time. */
public final class Eventually {

    private static final Duration PERIOD = Duration.ofMillis(250);

    private Eventually() {
    }

    /**
     * Probes until {@code done} holds and returns that value; fails after {@code timeout} naming {@code what} and the
     * last value seen.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            value = probe.get();
        }
        return value;
    }
}
