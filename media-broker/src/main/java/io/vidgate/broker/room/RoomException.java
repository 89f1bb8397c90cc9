package io.vidgate.broker.room;

/**
 * A room operation was refused. The {@link Problem} says why, so that each caller can map it to its own answer
 * (an HTTP status for the REST API, a JSON-RPC error for signaling).
 */
public final class RoomException extends RuntimeException {

    /** Why an operation was refused. */
    public enum Problem {
        UNKNOWN_SESSION,
        SESSION_EXISTS,
        TOO_MANY_SESSIONS,
        UNKNOWN_CONNECTION,
        CONNECTION_EXISTS,
        TOO_MANY_CONNECTIONS,
        /** The connection already joined: OpenVidu tokens are single use. */
        CONNECTION_ALREADY_ACTIVE,
        CONNECTION_NOT_ACTIVE,
        ROLE_CANNOT_PUBLISH,
        INVALID_STREAM_ID,
        UNKNOWN_STREAM,
        STREAM_EXISTS,
        /** No connection of the session is active (OpenVidu answers 406 to a signal then). */
        SESSION_NOT_ACTIVE,
        /** A signal's {@code to} names something that is not an active connection of the session. */
        INVALID_RECIPIENT,
        /** The participant publishes nothing (or not that stream). */
        NOT_PUBLISHING,
        /** The participant publishes already: OpenVidu clients publish one stream per connection. */
        ALREADY_PUBLISHING,
        /** The participant does not receive that stream. */
        NOT_SUBSCRIBED,
        ALREADY_SUBSCRIBED,
        /** A reconnection of that stream is under way ({@code reconnectStream}). */
        RECONNECTION_UNDER_WAY,
        /** An answer came for an offer the server never made ({@code receiveVideoFrom} before prepare). */
        NOT_PREPARED
    }

    private final Problem problem;

    public RoomException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
