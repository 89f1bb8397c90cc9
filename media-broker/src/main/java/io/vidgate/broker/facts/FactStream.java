package io.vidgate.broker.facts;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each {@link Fact} to every {@link FactObserver}, each through its own queue and thread: an observer that is
 * slow (a webhook endpoint timing out) or fails never blocks the room that published the fact, nor the other
 * observers. A queue holds at most {@code queueCapacity} facts; beyond that, that observer's facts are dropped and
 * counted ({@link #dropped()}), and a warning is logged, rather than the broker's memory growing without bound.
 */
public final class FactStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FactStream.class);

    /** Publishes nothing (unit tests that need no observers). */
    public static final FactStream NONE = new FactStream(List.of(), 1);

    private final List<ObserverQueue> queues;
    private final AtomicLong dropped = new AtomicLong();

    public FactStream(List<? extends FactObserver> observers, int queueCapacity) {
        this.queues = observers.stream().map(observer -> new ObserverQueue(observer, queueCapacity)).toList();
    }

    /**
     * Queues the fact for every observer. Callers publish a session's facts in the order they happened (a room's
     * {@link FactOutbox}); each observer then sees them in that order.
     */
    public void publish(Fact fact) {
        for (ObserverQueue queue : queues) {
            queue.offer(fact);
        }
    }

    /** Facts dropped so far because an observer's queue was full (metrics). */
    public long dropped() {
        return dropped.get();
    }

    /** Facts waiting for their observers (metrics). */
    public int waiting() {
        return queues.stream().mapToInt(queue -> queue.executor.getQueue().size()).sum();
    }

    /** Stops taking facts; what is queued is delivered for up to a few seconds. */
    @Override
    public void close() {
        queues.forEach(queue -> queue.executor.shutdown());
        for (ObserverQueue queue : queues) {
            try {
                if (!queue.executor.awaitTermination(5, TimeUnit.SECONDS)) {
                    queue.executor.shutdownNow();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class ObserverQueue {

        private final FactObserver observer;
        private final ThreadPoolExecutor executor;

        ObserverQueue(FactObserver observer, int capacity) {
            this.observer = observer;
            String name = "vidgate-facts-" + observer.getClass().getSimpleName();
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(capacity),
                    runnable -> {
                        Thread thread = new Thread(runnable, name);
                        thread.setDaemon(true);
                        return thread;
                    });
        }

        void offer(Fact fact) {
            try {
                executor.execute(() -> deliver(fact));
            } catch (RejectedExecutionException full) {
                long count = dropped.incrementAndGet();
                // Powers of two: the first drop is logged, then less and less often while an observer stays stuck.
                if (Long.bitCount(count) == 1) {
                    log.warn("Observer {} is not keeping up: {} facts dropped so far ({} {} now)",
                            observer.getClass().getName(), count, fact.event(), executor.isShutdown() ? "after close" : "");
                }
            }
        }

        private void deliver(Fact fact) {
            try {
                observer.observe(fact);
            } catch (RuntimeException failed) {
                log.warn("Observer {} failed on {}", observer.getClass().getName(), fact.event(), failed);
            }
        }
    }
}
