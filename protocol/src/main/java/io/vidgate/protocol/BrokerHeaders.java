package io.vidgate.protocol;

/**
 * Headers through which the gateway tells the broker the connection id and token it minted for a new connection
 * (the OpenVidu REST calls that create a connection or a token). The gateway holds the signing keys, so the broker
 * never creates a token: it refuses a connection creation without both headers.
 *
 * <p>Only the gateway may set them: every client-sent {@code X-Vidgate-*} header is removed, on every route, before
 * any route filter runs, and the routes to the broker remove these two again. {@link #CONNECTION_ID} has the same
 * name as the header through which the gateway tells an app behind it who is calling
 * ({@code io.vidgate.gateway.apps.VidgateIdentityHeaders}), with another meaning: there, the caller's connection;
 * here, the connection being created. The two routes never carry each other's: the broker routes get no identity
 * headers ({@code VidgateToken} is a filter for app routes), and app routes get no minted ones.
 */
public final class BrokerHeaders {

    /** {@code con_} + 10 letters or digits. */
    public static final String CONNECTION_ID = "X-Vidgate-Connection-Id";
    /**
     * The whole token string clients get, {@code ws[s]://host[:port]?sessionId=<the session in the path>&token=<JWT>}.
     */
    public static final String CONNECTION_TOKEN = "X-Vidgate-Connection-Token";
    /** {@code vidgate.public.url}, on every forwarded call: the broker reports it in {@code GET /openvidu/api/config}. */
    public static final String PUBLIC_URL = "X-Vidgate-Public-Url";
    /**
     * The internal listener's base URL as the caller reached it ({@code scheme://host[:port]} of the request), on every
     * forwarded call: a recording's {@code url} is this plus {@code /openvidu/recordings/<id>/<file>}.
     */
    public static final String ADMIN_URL = "X-Vidgate-Admin-Url";

    private BrokerHeaders() {
    }
}
