package io.vidgate.broker.session;

/**
 * Caps that keep one broker's memory bounded whatever the REST API is asked to do.
 *
 * @param maxSessions              sessions open at once
 * @param maxConnectionsPerSession connections of one session, pending and active together (pending ones hold a
 *                                 token that can still join, so they count)
 */
public record SessionLimits(int maxSessions, int maxConnectionsPerSession) {

    public SessionLimits {
        if (maxSessions < 1 || maxConnectionsPerSession < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }
}
