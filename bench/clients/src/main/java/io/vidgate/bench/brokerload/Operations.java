package io.vidgate.bench.brokerload;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What one round measured, as it happens: a latency histogram per operation (microseconds, recorded from any thread)
 * and the errors, counted by kind ("joinRoom error 401 …", "not ready: 7 of 9 subscriptions"…).
 */
final class Operations {

    /** The operations a participant does, in the order it does them. */
    enum Kind { JOIN, PUBLISH, SUBSCRIBE, PING, LEAVE }

    private final Map<Kind, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    Operations() {
        for (Kind kind : Kind.values()) {
            // Up to 5 minutes, 3 significant digits: a request the bench gives up on (20 s) still fits.
            latencies.put(kind, new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3));
        }
    }

    /** Records the time since {@code startNanos} (a {@link System#nanoTime()}) as one operation of that kind. */
    void record(Kind kind, long startNanos) {
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
        latencies.get(kind).recordValue(Math.min(micros, latencies.get(kind).getHighestTrackableValue()));
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    long count(Kind kind) {
        return latencies.get(kind).getTotalCount();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((kind, count) -> sorted.put(kind, count.sum()));
        return sorted;
    }

    RoundResult.Latency latency(Kind kind) {
        Histogram histogram = latencies.get(kind);
        return new RoundResult.Latency(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()));
    }

    private static double millis(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }
}
