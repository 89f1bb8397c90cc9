package io.vidgate.broker.facts;

/**
 * Told every {@link Fact}: webhooks, recording and the event log are observers. Every bean of this type is one.
 *
 * <p>Each observer has its own thread and queue ({@link FactStream}): it is called for one fact at a time, in the
 * order the facts happened, and may block or be slow without holding up a room or the other observers. What it
 * throws is logged and the next fact comes.
 */
@FunctionalInterface
public interface FactObserver {

    void observe(Fact fact);
}
