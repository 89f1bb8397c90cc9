package io.vidgate.protocol.token;

/**
 * The JWT claim names of a Vidgate connection token. Registered claims (RFC 7519) keep their meaning; the three
 * private ones are short, lower case, and documented in {@code protocol/README.md}, because backends that mint
 * their own HS256 tokens must produce exactly these.
 */
public final class ClaimNames {
    /** Issuer: the configured {@code vidgate.tokens.issuer}, or the API key for backend-minted tokens. */
    public static final String ISSUER = "iss";
    /** Audience: must contain the configured {@code vidgate.tokens.audience}. */
    public static final String AUDIENCE = "aud";
    /** Subject: the connection id ({@code con_…}). */
    public static final String CONNECTION_ID = "sub";
    /** The session id the connection may join. Private claim. */
    public static final String SESSION_ID = "sid";
    /** {@code SUBSCRIBER}, {@code PUBLISHER} or {@code MODERATOR}. Private claim. */
    public static final String ROLE = "role";
    /** OpenVidu's {@code serverData}: a string set by the backend, shown to the other participants. Private claim. */
    public static final String SERVER_DATA = "data";
    public static final String ISSUED_AT = "iat";
    public static final String NOT_BEFORE = "nbf";
    public static final String EXPIRES_AT = "exp";
    /** Unique token id: the key of single-use enforcement. */
    public static final String TOKEN_ID = "jti";
    /**
     * Boolean, present and {@code true} only on single-use tokens: the first {@code joinRoom} consumes the token
     * ({@code jti}) and any later one is refused, as OpenVidu 2's opaque tokens were. Private claim.
     */
    public static final String SINGLE_USE = "single_use";

    private ClaimNames() {
    }
}
