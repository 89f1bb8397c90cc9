package io.vidgate.bench.webhookorder;

/** A line on standard output, prefixed with the wall-clock time in ms: relates the clients' steps to the events. */
final class Steps {

    private Steps() {
    }

    static synchronized void say(String line) {
        System.out.println(System.currentTimeMillis() + " " + line);
    }
}
