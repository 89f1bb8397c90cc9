package io.vidgate.broker.fuzz;

import java.util.Iterator;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A generated-corpus property check on plain JUnit: the property runs on {@code tries} inputs drawn from a seeded
 * generator; the first failing input is shrunk greedily and the check fails with the seed, the input as generated and
 * the smallest failing input found. The seed is random per run, so each run explores new inputs; a reported one is
 * replayed with {@code -Dvidgate.fuzz.seed=<seed>}. The suite keeps the tries few enough to run in seconds; a longer
 * search locally is {@code -Dvidgate.fuzz.scale=10} (ten times the tries).
 */
public final class Tries {

    /** Properties run against a live broker: a shrink step costs a round trip, so shrinking is bounded. */
    private static final int MAX_SHRINK_RUNS = 150;

    private Tries() {
    }

    /**
     * @param generate an input from the random source (deterministic for a given state of it)
     * @param shrinks  smaller variants of an input, most promising first (lazily: shrinking stops at the first that
     *                 still fails)
     * @param holds    the property: returns normally when it holds, throws (an assertion) when not
     */
    public static <T> void check(String property, int tries, Function<Random, T> generate,
            Function<T, Stream<T>> shrinks, Consumer<T> holds) {
        long seed = Long.getLong("vidgate.fuzz.seed", new Random().nextLong());
        Random random = new Random(seed);
        tries *= Integer.getInteger("vidgate.fuzz.scale", 1);
        for (int i = 0; i < tries; i++) {
            T input = generate.apply(random);
            Throwable failure = failureOf(holds, input);
            if (failure != null) {
                Shrunk<T> shrunk = shrink(input, failure, shrinks, holds);
                AssertionError reported = new AssertionError(property + " failed on try " + (i + 1) + " of " + tries
                        + " (replay: -Dvidgate.fuzz.seed=" + seed + ")\n  generated: " + input
                        + "\n  shrunk (" + shrunk.steps + " steps): " + shrunk.input
                        + "\n  failure: " + shrunk.failure, shrunk.failure);
                throw reported;
            }
        }
    }

    private record Shrunk<T>(T input, Throwable failure, int steps) {
    }

    private static <T> Shrunk<T> shrink(T input, Throwable failure, Function<T, Stream<T>> shrinks, Consumer<T> holds) {
        T current = input;
        Throwable currentFailure = failure;
        int steps = 0;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < MAX_SHRINK_RUNS) {
            progress = false;
            for (Iterator<T> it = shrinks.apply(current).iterator(); it.hasNext() && runs < MAX_SHRINK_RUNS; ) {
                T candidate = it.next();
                runs++;
                Throwable candidateFailure = failureOf(holds, candidate);
                if (candidateFailure != null) {
                    current = candidate;
                    currentFailure = candidateFailure;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        return new Shrunk<>(current, currentFailure, steps);
    }

    private static <T> Throwable failureOf(Consumer<T> holds, T input) {
        try {
            holds.accept(input);
            return null;
        } catch (AssertionError | RuntimeException failed) {
            return failed;
        }
    }
}
