package io.vidgate.boot.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Reactor logs an error that reaches an operator already terminated ("Operator called default onErrorDropped") at
 * ERROR with its stack trace. Reactor Netty signals some client mistakes a second time after the code that handles
 * them has already done so: a stalled request body's read timeout (gateway), a WebSocket message over the size limit
 * (both apps; the socket is closed with 1009 by then). Left alone, any client could print stack traces at ERROR by the
 * thousand. The classes each app names here go to DEBUG; every other dropped error is logged as Reactor logs it (same
 * logger, level and message). The hook is global to the JVM: it is installed once, and the classes add up.
 */
public final class QuietDroppedErrors {

    private static final Logger reactorLog = LoggerFactory.getLogger("reactor.core.publisher.Operators");
    private static final Logger log = LoggerFactory.getLogger(QuietDroppedErrors.class);
    private static final AtomicBoolean installed = new AtomicBoolean();
    private static final Set<Class<? extends Throwable>> quiet = ConcurrentHashMap.newKeySet();

    private QuietDroppedErrors() {
    }

    /** @param clientMistakes errors a client causes, already answered when Reactor drops them a second time */
    @SafeVarargs
    public static void install(Class<? extends Throwable>... clientMistakes) {
        quiet.addAll(Set.of(clientMistakes));
        if (installed.compareAndSet(false, true)) {
            Hooks.onErrorDropped(QuietDroppedErrors::dropped);
        }
    }

    private static void dropped(Throwable error) {
        for (Class<? extends Throwable> mistake : quiet) {
            if (mistake.isInstance(error)) {
                log.debug("A client's mistake, signalled again after it was handled: {}", error.toString());
                return;
            }
        }
        reactorLog.error("Operator called default onErrorDropped", error);
    }
}
