package io.vidgate.protocol.token;

/** Who signed a verified token. */
public enum TokenOrigin {
    /** The gateway, ES256 with one of its EC keys; the key id is the JWK {@code kid}. */
    GATEWAY,
    /** A backend, HS256 with its API secret; the key id is the API key. */
    BACKEND
}
