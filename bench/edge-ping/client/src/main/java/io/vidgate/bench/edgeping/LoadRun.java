package io.vidgate.bench.edgeping;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the sockets of one closed-loop run share: the latency recorder (µs) and counters. The warm-up is measured
 * too and then thrown away ({@link #startMeasuring}); {@link #stopMeasuring} returns the measured window.
 */
final class LoadRun {

    /** Cleared by the driver at the end; each socket then stops after its outstanding answer. */
    volatile boolean running = true;
    final CountDownLatch stopped;

    private final Recorder latencies = new Recorder(3);
    private final LongAdder answers = new LongAdder();
    private final LongAdder badAnswers = new LongAdder();
    private final LongAdder lostSockets = new LongAdder();

    private long windowStartNanos;
    private long answersAtStart;

    LoadRun(int sockets) {
        stopped = new CountDownLatch(sockets);
    }

    /** Called on the socket's event loop for every answer of the loop. */
    void answered(long micros, boolean pong) {
        latencies.recordValue(micros);
        answers.increment();
        if (!pong) {
            badAnswers.increment();
        }
    }

    long answersSoFar() {
        return answers.sum();
    }

    void lost() {
        lostSockets.increment();
    }

    void startMeasuring() {
        latencies.getIntervalHistogram(); // drops the warm-up
        answersAtStart = answers.sum();
        windowStartNanos = System.nanoTime();
    }

    Window stopMeasuring() {
        Histogram histogram = latencies.getIntervalHistogram();
        long count = answers.sum() - answersAtStart;
        double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
        return new Window(count, seconds, histogram, badAnswers.sum(), lostSockets.sum());
    }

    /** The measured window: answers, their latencies, and what went wrong during the whole run. */
    record Window(long answers, double seconds, Histogram latencies, long badAnswers, long lostSockets) {

        double perSecond() {
            return answers / seconds;
        }

        double millisAt(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
