package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.vidgate.protocol.token.TokenRejection.*;

/**
 * Verifies connection tokens, strictly. Used twice on every join: by the gateway at the edge and by the broker in
 * {@code joinRoom} (defence in depth: a broker reached around the gateway still refuses forged tokens). Needs only
 * public keys. Thread-safe.
 *
 * <p>The checks, in order; the first failure ends verification with its own {@link TokenRejection}:
 * <ol>
 * <li>size ({@code vidgate.tokens.max-size}) and characters (base64url and dots, three parts), before any
 *     parsing;</li>
 * <li>header: {@code alg} must be ES256 or HS256 ({@code none} never); no {@code crit}, {@code b64}, {@code cty},
 *     {@code jwk}, {@code jku}, {@code x5c}, {@code x5u}; {@code typ} absent or {@code JWT}; {@code kid}
 *     present;</li>
 * <li>key: chosen by {@code kid} <em>and</em> type. ES256 needs a {@code kid} of the EC key set, HS256 a
 *     {@code kid} that is a configured backend API key. An HS256 token naming an EC key is an algorithm-confusion
 *     attempt (the public key used as HMAC secret) and is refused before any HMAC is computed;</li>
 * <li>signature; the payload is parsed only after it verified;</li>
 * <li>{@code exp} (required), {@code nbf} and {@code iat} (future values refused) with leeway; {@code exp} at most
 *     24 h ahead;</li>
 * <li>{@code iss}: the configured issuer; for backend (HS256) tokens also the API key itself, as LiveKit's tokens
 *     carry it, so backends can use LiveKit-style libraries. Accepting the API key for HS256 only is safe: the
 *     signature already proves the token comes from that key's holder;</li>
 * <li>{@code aud} contains the configured audience; {@code sid} equals the session the caller acts on;
 *     {@code sub} is a {@code con_} connection id; {@code role} parses; {@code jti} present (single use needs it);
 *     {@code data} a string, {@code single_use} a boolean when present.</li>
 * </ol>
 * Required claims: {@code iss aud sub sid role iat exp jti}; backend-minted tokens too.
 */
public final class ConnectionTokenVerifier {
    private static final String ES256 = "ES256";
    private static final String HS256 = "HS256";
    private static final List<String> UNSUPPORTED_HEADERS = List.of("crit", "b64", "cty", "jwk", "jku", "x5c", "x5u");
    private static final int MAX_TOKEN_ID_CHARS = 128;

    private final TokenSettings settings;
    private final PublicKeySet ecKeys;
    private final BackendApiKeys apiKeys;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException when an API key has the same name as an EC key id: the key type must be
     *                                  unambiguous from the {@code kid}
     */
    public ConnectionTokenVerifier(TokenSettings settings, PublicKeySet ecKeys, BackendApiKeys apiKeys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ecKeys = Objects.requireNonNull(ecKeys, "ecKeys");
        this.apiKeys = Objects.requireNonNull(apiKeys, "apiKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (String apiKey : apiKeys.apiKeys()) {
            if (ecKeys.contains(apiKey)) {
                throw new IllegalArgumentException("vidgate.tokens.api-keys: API key " + LogSafe.quote(apiKey)
                        + " is also the kid of an EC signing key; rename one of them");
            }
        }
    }

    /** A verifier for ES256 tokens only (no backend API keys). */
    public ConnectionTokenVerifier(TokenSettings settings, PublicKeySet ecKeys, Clock clock) {
        this(settings, ecKeys, BackendApiKeys.none(), clock);
    }

    /**
     * Verifies the {@code token} parameter of {@code joinRoom} as openvidu-browser sends it: the whole token URL
     * ({@code wss://host?sessionId=S&token=JWT}), or a bare JWT. Refuses a URL carrying OpenVidu's {@code secret}
     * parameter, and a URL whose {@code sessionId} differs from {@code sessionParam}.
     *
     * @param sessionParam the {@code session} parameter of {@code joinRoom}; when null or empty, the URL's
     *                     {@code sessionId} is the session acted on
     */
    public VerifiedConnectionToken verifyJoinRoomToken(String tokenParam, String sessionParam) throws TokenRejectedException {
        OpenViduTokenUrl url = OpenViduTokenUrl.parse(tokenParam, settings.maxTokenChars() + OpenViduTokenUrl.URL_OVERHEAD_CHARS);
        if (url.hasSecret()) {
            throw new TokenRejectedException(SECRET_NOT_ACCEPTED,
                    "the token URL carries OpenVidu's 'secret' parameter; joining with the master secret is not supported");
        }
        boolean hasSessionParam = sessionParam != null && !sessionParam.isEmpty();
        if (hasSessionParam && url.sessionId().isPresent() && !url.sessionId().get().equals(sessionParam)) {
            throw new TokenRejectedException(WRONG_SESSION, "the token URL's sessionId differs from the session parameter");
        }
        String session = hasSessionParam ? sessionParam : url.sessionId().orElse(null);
        if (session == null) {
            throw new TokenRejectedException(WRONG_SESSION, "no session id: neither a session parameter nor a sessionId in the token URL");
        }
        return verify(url.jwt(), session);
    }

    /**
     * Verifies a token presented as a bearer credential where no session is being acted on (for example fetching
     * fresh ICE servers): a token URL is checked against its own {@code sessionId} (and refused with
     * {@code secret}); a bare JWT is checked fully except that its {@code sid} is not compared with anything.
     * <b>Never use this for {@code joinRoom}</b> or any call that acts on a session: use
     * {@link #verifyJoinRoomToken} or {@link #verify}, which bind the token to that session.
     */
    public VerifiedConnectionToken verifyBearer(String tokenParam) throws TokenRejectedException {
        OpenViduTokenUrl url = OpenViduTokenUrl.parse(tokenParam, settings.maxTokenChars() + OpenViduTokenUrl.URL_OVERHEAD_CHARS);
        if (!url.isBareJwt()) {
            return verifyJoinRoomToken(tokenParam, null);
        }
        return verifyToken(url.jwt(), null);
    }

    /**
     * Verifies a compact JWT for the session {@code sessionId}.
     *
     * @param sessionId the session the caller is acting on; the token's {@code sid} must equal it
     */
    public VerifiedConnectionToken verify(String compactJwt, String sessionId) throws TokenRejectedException {
        return verifyToken(compactJwt, Objects.requireNonNull(sessionId, "sessionId"));
    }

    /** @param expectedSession null only for {@link #verifyBearer}: no session binding */
    private VerifiedConnectionToken verifyToken(String compactJwt, String expectedSession) throws TokenRejectedException {
        String[] parts = splitCompact(compactJwt);
        Map<String, Object> header = parseHeader(parts[0]);
        String alg = checkAlgorithm(header);
        checkHeaderParameters(header);
        String kid = keyId(header);

        JWSVerifier verifier;
        TokenOrigin origin;
        if (ES256.equals(alg)) {
            verifier = ecKeys.verifier(kid);
            origin = TokenOrigin.GATEWAY;
            if (verifier == null && apiKeys.contains(kid)) {
                throw new TokenRejectedException(ALG_NOT_ALLOWED, "alg ES256 with the kid of a backend API key, which signs HS256 only");
            }
        } else {
            verifier = apiKeys.verifier(kid);
            origin = TokenOrigin.BACKEND;
            if (verifier == null && ecKeys.contains(kid)) {
                // The classic algorithm-confusion attack: HMAC "keyed" with our public key. Never compute it.
                throw new TokenRejectedException(ALG_NOT_ALLOWED, "alg HS256 with the kid of an EC key, which verifies ES256 only");
            }
        }
        if (verifier == null) {
            throw new TokenRejectedException(UNKNOWN_KEY, "no " + (origin == TokenOrigin.GATEWAY ? "EC key" : "backend API key")
                    + " with kid " + LogSafe.quote(kid));
        }

        if (parts[2].isEmpty()) {
            throw new TokenRejectedException(BAD_SIGNATURE, "the token has no signature");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(compactJwt);
        } catch (ParseException e) {
            // The parser's own message is left out: it may quote header member names chosen by the sender.
            throw new TokenRejectedException(MALFORMED, "the header is not a valid JWS header");
        }
        boolean valid;
        try {
            valid = jwt.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new TokenRejectedException(BAD_SIGNATURE, "the " + alg + " signature does not verify with key " + LogSafe.quote(kid));
        }

        Map<String, Object> payload = jwt.getPayload().toJSONObject();
        if (payload == null) {
            throw new TokenRejectedException(MALFORMED, "the payload is not a JSON object");
        }
        JWTClaimsSet claims;
        try {
            claims = JWTClaimsSet.parse(payload);
        } catch (ParseException e) {
            throw new TokenRejectedException(INVALID_CLAIM, "a registered claim has the wrong type: " + e.getMessage());
        }
        return new VerifiedConnectionToken(checkClaims(claims, kid, origin, expectedSession), kid, origin);
    }

    public TokenSettings settings() {
        return settings;
    }

    private String[] splitCompact(String token) throws TokenRejectedException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(MALFORMED, "empty token");
        }
        if (token.length() > settings.maxTokenChars()) {
            throw new TokenRejectedException(TOO_LARGE, "the token has " + token.length()
                    + " characters; vidgate.tokens.max-size is " + settings.maxTokenChars());
        }
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw new TokenRejectedException(MALFORMED, "character at index " + i
                        + " is outside the base64url alphabet of a compact JWS");
            }
        }
        if (dots != 2) {
            throw new TokenRejectedException(MALFORMED, "a compact JWS has 3 dot-separated parts, this has " + (dots + 1)
                    + (dots == 4 ? " (encrypted tokens are not accepted)" : ""));
        }
        String[] parts = token.split("\\.", -1);
        if (parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new TokenRejectedException(MALFORMED, "empty header or payload");
        }
        return parts;
    }

    private static Map<String, Object> parseHeader(String encoded) throws TokenRejectedException {
        try {
            String json = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            Map<String, Object> header = JSONObjectUtils.parse(json);
            if (header == null) {
                throw new ParseException("not a JSON object", 0);
            }
            return header;
        } catch (IllegalArgumentException | ParseException e) {
            throw new TokenRejectedException(MALFORMED, "the header is not base64url-encoded JSON");
        }
    }

    private static String checkAlgorithm(Map<String, Object> header) throws TokenRejectedException {
        Object alg = header.get("alg");
        if (!(alg instanceof String)) {
            throw new TokenRejectedException(MALFORMED, "the header has no alg");
        }
        if (!ES256.equals(alg) && !HS256.equals(alg)) {
            throw new TokenRejectedException(ALG_NOT_ALLOWED, "alg " + LogSafe.quote((String) alg)
                    + " is not accepted; only ES256 (gateway keys) and HS256 (backend API keys)");
        }
        return (String) alg;
    }

    private static void checkHeaderParameters(Map<String, Object> header) throws TokenRejectedException {
        for (String name : UNSUPPORTED_HEADERS) {
            if (header.containsKey(name)) {
                throw new TokenRejectedException(UNSUPPORTED_HEADER, "header parameter '" + name + "' is not supported");
            }
        }
        Object typ = header.get("typ");
        if (typ != null && !(typ instanceof String && "JWT".equalsIgnoreCase((String) typ))) {
            throw new TokenRejectedException(WRONG_TYPE, "typ must be JWT when present, was "
                    + LogSafe.quote(String.valueOf(typ)));
        }
    }

    private static String keyId(Map<String, Object> header) throws TokenRejectedException {
        Object kid = header.get("kid");
        if (kid == null) {
            throw new TokenRejectedException(MISSING_KID, "the header has no kid; keys are chosen by kid");
        }
        if (!(kid instanceof String) || ((String) kid).isEmpty()) {
            throw new TokenRejectedException(MISSING_KID, "the header's kid is not a non-empty string");
        }
        return (String) kid;
    }

    private ConnectionTokenClaims checkClaims(JWTClaimsSet claims, String kid, TokenOrigin origin, String expectedSession)
            throws TokenRejectedException {
        Instant now = clock.instant();
        Instant expiresAt = required(claims.getExpirationTime(), "exp");
        Instant issuedAt = required(claims.getIssueTime(), "iat");
        Instant notBefore = claims.getNotBeforeTime() == null ? issuedAt : claims.getNotBeforeTime().toInstant();
        if (!now.isBefore(expiresAt.plus(settings.leeway()))) {
            throw new TokenRejectedException(EXPIRED, "expired at " + expiresAt + " (now " + now
                    + ", leeway " + settings.leeway().toSeconds() + " s)");
        }
        if (now.plus(settings.leeway()).isBefore(notBefore)) {
            throw new TokenRejectedException(NOT_YET_VALID, "not valid before " + notBefore + " (now " + now + ")");
        }
        if (now.plus(settings.leeway()).isBefore(issuedAt)) {
            throw new TokenRejectedException(NOT_YET_VALID, "issued in the future, at " + issuedAt + " (now " + now + ")");
        }
        if (expiresAt.isAfter(now.plus(TokenSettings.MAX_TTL).plus(settings.leeway()))) {
            throw new TokenRejectedException(EXPIRY_TOO_FAR, "expires at " + expiresAt + ", more than "
                    + TokenSettings.MAX_TTL.toHours() + " h from now");
        }

        String issuer = required(claims.getIssuer(), "iss");
        boolean issuerOk = settings.issuer().equals(issuer) || (origin == TokenOrigin.BACKEND && kid.equals(issuer));
        if (!issuerOk) {
            throw new TokenRejectedException(WRONG_ISSUER, "iss " + LogSafe.quote(issuer) + " is not "
                    + LogSafe.quote(settings.issuer()) + (origin == TokenOrigin.BACKEND ? " nor the API key" : ""));
        }
        List<String> audience = claims.getAudience();
        if (audience.isEmpty()) {
            throw new TokenRejectedException(MISSING_CLAIM, "claim aud is missing");
        }
        if (!audience.contains(settings.audience())) {
            throw new TokenRejectedException(WRONG_AUDIENCE, "aud does not contain " + LogSafe.quote(settings.audience()));
        }

        String sessionId = requiredString(claims, ClaimNames.SESSION_ID);
        if (!SessionIds.isValid(sessionId)) {
            throw new TokenRejectedException(INVALID_CLAIM, "sid is not a valid session id");
        }
        if (expectedSession != null && !sessionId.equals(expectedSession)) {
            throw new TokenRejectedException(WRONG_SESSION, "the token is for session " + LogSafe.quote(sessionId)
                    + ", not " + LogSafe.quote(expectedSession));
        }
        String connectionId = required(claims.getSubject(), "sub");
        if (!ConnectionIds.isValid(connectionId)) {
            throw new TokenRejectedException(INVALID_CLAIM, "sub must be a connection id (con_ + 10 letters or digits)");
        }
        Object roleClaim = claims.getClaim(ClaimNames.ROLE);
        if (roleClaim == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "claim role is missing");
        }
        Role role;
        try {
            role = Role.parse(roleClaim instanceof String ? (String) roleClaim : null);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(BAD_ROLE, "role must be SUBSCRIBER, PUBLISHER or MODERATOR");
        }
        String tokenId = required(claims.getJWTID(), "jti");
        if (tokenId.isBlank() || tokenId.length() > MAX_TOKEN_ID_CHARS) {
            throw new TokenRejectedException(INVALID_CLAIM, "jti must have 1 to " + MAX_TOKEN_ID_CHARS + " characters");
        }
        Object data = claims.getClaim(ClaimNames.SERVER_DATA);
        if (data != null && !(data instanceof String)) {
            throw new TokenRejectedException(INVALID_CLAIM, "data must be a string");
        }
        Object singleUse = claims.getClaim(ClaimNames.SINGLE_USE);
        if (singleUse != null && !(singleUse instanceof Boolean)) {
            throw new TokenRejectedException(INVALID_CLAIM, ClaimNames.SINGLE_USE + " must be a boolean");
        }
        return new ConnectionTokenClaims(issuer, audience, connectionId, sessionId, role, (String) data,
                issuedAt, notBefore, expiresAt, tokenId, Boolean.TRUE.equals(singleUse));
    }

    private static Instant required(Date value, String claim) throws TokenRejectedException {
        if (value == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "claim " + claim + " is missing");
        }
        return value.toInstant();
    }

    private static String required(String value, String claim) throws TokenRejectedException {
        if (value == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "claim " + claim + " is missing");
        }
        return value;
    }

    private static String requiredString(JWTClaimsSet claims, String claim) throws TokenRejectedException {
        Object value = claims.getClaim(claim);
        if (value == null) {
            throw new TokenRejectedException(MISSING_CLAIM, "claim " + claim + " is missing");
        }
        if (!(value instanceof String)) {
            throw new TokenRejectedException(INVALID_CLAIM, "claim " + claim + " must be a string");
        }
        return (String) value;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
