package io.vidgate.gateway.admin;

/**
 * Headers through which the gateway tells the broker the connection id and token it minted for a new connection, and
 * the public URL browsers use. Only the gateway may set them: they are removed from every client request before
 * anything else.
 */
public final class BrokerHeaders {

    public static final String CONNECTION_ID = "X-Vidgate-Connection-Id";
    public static final String CONNECTION_TOKEN = "X-Vidgate-Connection-Token";
    /** {@code vidgate.public.url}, on every forwarded call: the broker reports it in {@code GET /openvidu/api/config}. */
    public static final String PUBLIC_URL = "X-Vidgate-Public-Url";

    private BrokerHeaders() {
    }
}
