package io.vidgate.turn.external;

import java.time.Duration;

/**
 * Time limits for a call to an external credential service. Credentials are fetched while a user waits to join,
 * so a slow service must fail fast rather than hold the join.
 *
 * @param connect  to open the TCP (and TLS) connection; default 2 s
 * @param response to wait for the answer once the request is sent; default 5 s. Together with {@code connect}
 *                 it also bounds the whole call, so a server that trickles its answer cannot stretch it.
 */
public record HttpTimeouts(Duration connect, Duration response) {

    // Declared before DEFAULTS: static fields initialise in order, and DEFAULTS is validated against it.
    private static final Duration MAX = Duration.ofMinutes(1);

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RESPONSE = Duration.ofSeconds(5);
    public static final HttpTimeouts DEFAULTS = new HttpTimeouts(DEFAULT_CONNECT, DEFAULT_RESPONSE);

    public HttpTimeouts {
        connect = requireSensible(connect == null ? DEFAULT_CONNECT : connect,
                "vidgate.turn.external.connect-timeout");
        response = requireSensible(response == null ? DEFAULT_RESPONSE : response,
                "vidgate.turn.external.response-timeout");
    }

    /** The most a whole call may take. */
    public Duration total() {
        return connect.plus(response);
    }

    private static Duration requireSensible(Duration timeout, String name) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(name + " must be above 0 and at most " + MAX.toSeconds() + " s, was "
                    + timeout);
        }
        return timeout;
    }
}
