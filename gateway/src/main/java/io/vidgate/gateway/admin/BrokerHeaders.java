package io.vidgate.gateway.admin;

/**
 * Headers through which the gateway tells the broker the connection id and token it minted for a new connection.
 * Only the gateway may set them: they are removed from every client request before anything else.
 */
public final class BrokerHeaders {

    public static final String CONNECTION_ID = "X-Vidgate-Connection-Id";
    public static final String CONNECTION_TOKEN = "X-Vidgate-Connection-Token";

    private BrokerHeaders() {
    }
}
