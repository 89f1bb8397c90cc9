package io.vidgate.protocol.token;

/**
 * Why a token was refused. Each check has its own reason so that logs, metrics and tests can tell them apart;
 * callers should still answer clients with one generic error, and never echo the reason's details to them.
 */
public enum TokenRejection {
    /** Not a compact JWS: wrong number of parts, characters outside base64url, undecodable header or payload. */
    MALFORMED,
    /** Longer than {@code vidgate.tokens.max-size}; refused before any parsing. */
    TOO_LARGE,
    /** The {@code joinRoom} token parameter is neither an OpenVidu token URL nor a bare JWT. */
    BAD_TOKEN_URL,
    /** The token URL carries OpenVidu's {@code secret} parameter, a backdoor Vidgate does not open. */
    SECRET_NOT_ACCEPTED,
    /** {@code alg} is not ES256/HS256, or does not match the type of the key named by {@code kid} ({@code none} included). */
    ALG_NOT_ALLOWED,
    /**
     * The header has {@code crit} (it demands extensions Vidgate does not implement), or a parameter that would
     * change how the token is processed: {@code b64} (unencoded payload), {@code cty} (nested token), or a key
     * carried or pointed at by the token itself ({@code jwk}, {@code jku}, {@code x5c}, {@code x5u}). Keys come
     * from configuration only.
     */
    UNSUPPORTED_HEADER,
    /** {@code typ} is present and is not {@code JWT}. */
    WRONG_TYPE,
    /** The header has no {@code kid}; keys are chosen by {@code kid} only. */
    MISSING_KID,
    /** No key with this {@code kid} (and no API key with this name). */
    UNKNOWN_KEY,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** {@code exp} (plus leeway) has passed. */
    EXPIRED,
    /** {@code nbf} or {@code iat} is in the future (beyond leeway). */
    NOT_YET_VALID,
    /** {@code exp} is more than 24 h away: no token may live that long, even one minted by a backend. */
    EXPIRY_TOO_FAR,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    /** {@code sid} is not the session the caller acts on. */
    WRONG_SESSION,
    /** A required claim is absent. */
    MISSING_CLAIM,
    /** A claim has the wrong type or format (for example {@code sub} not a {@code con_} id). */
    INVALID_CLAIM,
    /** {@code role} is not SUBSCRIBER, PUBLISHER or MODERATOR. */
    BAD_ROLE,
    /** A single-use token was presented again. */
    REPLAYED
}
