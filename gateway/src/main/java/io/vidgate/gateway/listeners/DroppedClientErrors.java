package io.vidgate.gateway.listeners;

import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;

/**
 * Reactor logs an error that reaches an operator already terminated ("Operator called default onErrorDropped") at
 * ERROR with its stack trace. Reactor Netty signals a stalled request body's {@link ReadTimeoutException} a second
 * time when the response completes, after the body reader has already failed with it: every request a client lets
 * stall for {@code request-read-timeout} printed a stack trace at ERROR. That one goes to DEBUG; every other dropped
 * error is logged as Reactor logs it (same logger, level and message). Installed once per JVM: the hook is global.
 */
final class DroppedClientErrors {

    private static final Logger reactorLog = LoggerFactory.getLogger("reactor.core.publisher.Operators");
    private static final Logger log = LoggerFactory.getLogger(DroppedClientErrors.class);
    private static final AtomicBoolean installed = new AtomicBoolean();

    private DroppedClientErrors() {
    }

    static void install() {
        if (installed.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedClientErrors::dropped);
        }
    }

    private static void dropped(Throwable error) {
        if (error instanceof ReadTimeoutException) {
            log.debug("A stalled request body's read timeout, signalled again after the response: {}", error.toString());
            return;
        }
        reactorLog.error("Operator called default onErrorDropped", error);
    }
}
