package io.vidgate.broker.room;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenVidu's garbage collector for sessions nobody joined: a backend that creates a session and never uses it (or
 * whose users never came) would otherwise hold it, and its place under {@code vidgate.sessions.max-sessions},
 * forever. Every {@code interval}, sessions nobody is in and older than {@code threshold} are closed. Sessions
 * somebody joined close when the last participant leaves, without waiting for this.
 */
public final class SessionGarbageCollector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionGarbageCollector.class);

    private final Rooms rooms;
    private final Duration interval;
    private final Duration threshold;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vidgate-session-garbage");
        thread.setDaemon(true);
        return thread;
    });

    public SessionGarbageCollector(Rooms rooms, Duration interval, Duration threshold) {
        this.rooms = rooms;
        this.interval = interval;
        this.threshold = threshold;
    }

    public void start() {
        if (interval.isZero()) {
            log.info("The session garbage collector is off (vidgate.sessions.garbage-interval is 0)");
            return;
        }
        timer.scheduleWithFixedDelay(this::collect, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Sessions nobody is in are closed {} after their creation, checked every {}", threshold, interval);
    }

    private void collect() {
        try {
            rooms.collectGarbage(threshold);
        } catch (RuntimeException failed) {
            log.warn("The session garbage collector failed", failed);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
