package io.vidgate.broker.facts;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One room's facts on their way to the {@link FactStream}: the room {@link #add}s them while it holds its lock, in
 * the order its state changed, and {@link #flush}es once it let go. Whichever thread flushes publishes everything
 * queued, one thread at a time, so facts leave in the order they were added and never while the room is locked.
 */
public final class FactOutbox {

    private final FactStream stream;
    private final Queue<Fact> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flushes = new AtomicInteger();

    public FactOutbox(FactStream stream) {
        this.stream = stream;
    }

    public void add(Fact fact) {
        queued.add(fact);
    }

    /**
     * Publishes what is queued. A flush that finds another one under way leaves its facts to it: the one under way
     * loops until nothing is left.
     */
    public void flush() {
        if (flushes.getAndIncrement() != 0) {
            return;
        }
        do {
            for (Fact fact = queued.poll(); fact != null; fact = queued.poll()) {
                stream.publish(fact);
            }
        } while (flushes.decrementAndGet() != 0);
    }
}
