package io.vidgate.emulator.hooks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Latency injected before each request is handled: a default range for every call, and ranges
 * for calls matching a pattern (see {@link FaultRule} for call names). A fixed latency is a range
 * with min = max; the value is drawn uniformly per request. Waiting uses a timer, not a thread.
 */
public final class Latency {

  /** An inclusive range of delays. */
  public record Range(Duration min, Duration max) {

    public static final Range NONE = new Range(Duration.ZERO, Duration.ZERO);

    public Range {
      if (min.isNegative() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ".." + max);
      }
    }

    public static Range fixed(Duration d) {
      return new Range(d, d);
    }

    Duration sample() {
      long lo = min.toNanos();
      long hi = max.toNanos();
      return lo == hi ? min : Duration.ofNanos(ThreadLocalRandom.current().nextLong(lo, hi + 1));
    }
  }

  private volatile Range defaultRange = Range.NONE;
  private final Map<String, Range> byCall = new LinkedHashMap<>();

  /** Every call waits exactly {@code delay}. */
  public void fixed(Duration delay) {
    defaultRange = Range.fixed(delay);
  }

  /** Every call waits a random time in [min, max]. */
  public void range(Duration min, Duration max) {
    defaultRange = new Range(min, max);
  }

  /** Calls matching {@code call} wait a random time in [min, max] instead of the default. */
  public synchronized void forCall(String call, Duration min, Duration max) {
    byCall.put(call, new Range(min, max));
  }

  /** No latency anywhere. */
  public synchronized void none() {
    defaultRange = Range.NONE;
    byCall.clear();
  }

  public Range defaultRange() {
    return defaultRange;
  }

  public synchronized Map<String, Range> perCall() {
    return Map.copyOf(byCall);
  }

  /** The delay for one call: the first matching per-call range, else the default. */
  public synchronized Duration sample(String callName) {
    for (Map.Entry<String, Range> e : byCall.entrySet()) {
      if (CallNames.matches(e.getKey(), callName)) {
        return e.getValue().sample();
      }
    }
    return defaultRange.sample();
  }
}
