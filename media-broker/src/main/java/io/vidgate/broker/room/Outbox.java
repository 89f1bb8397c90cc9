package io.vidgate.broker.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a room's changes cause outside the room — notifications to sockets, facts, Kurento releases — on their way
 * out. The room {@link #add}s them while it holds its lock, in the order of its changes, and {@link #flush}es once
 * it has let go. Whichever thread flushes runs everything queued, one thread at a time, so they run in the order they
 * were added and never under the room's lock (a socket write that overflows closes the socket, whose listeners come
 * back to the room).
 */
final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
    private final AtomicInteger flushes = new AtomicInteger();

    void add(Runnable effect) {
        queued.add(effect);
    }

    /**
     * Runs what is queued. A flush that finds another one under way (on another thread, or further up this one's
     * stack) leaves its effects to it: the one under way loops until nothing is left.
     */
    void flush() {
        if (flushes.getAndIncrement() != 0) {
            return;
        }
        do {
            for (Runnable effect = queued.poll(); effect != null; effect = queued.poll()) {
                try {
                    effect.run();
                } catch (RuntimeException failed) {
                    log.warn("An effect of a room change failed", failed);
                }
            }
        } while (flushes.decrementAndGet() != 0);
    }
}
