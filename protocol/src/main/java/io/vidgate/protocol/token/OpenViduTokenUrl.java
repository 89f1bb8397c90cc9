package io.vidgate.protocol.token;

import io.vidgate.protocol.SessionIds;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token string OpenVidu clients expect: {@code wss://<host>[:port]?sessionId=<S>&token=<JWT>}.
 *
 * <p>openvidu-browser parses it with a regular expression, connects to {@code <ws|wss>://<host>[:port]/openvidu}
 * and sends the <em>whole string</em> as {@code params.token} of {@code joinRoom}; it also reads optional query
 * parameters ({@code secret}, {@code recorder}, {@code webrtcStatsInterval}, {@code sendBrowserLogs},
 * {@code edition}). {@link #parse} accepts that string, tolerates the extra parameters, and reports whether
 * {@code secret} is there, so that the caller can refuse OpenVidu's "join with the master secret" backdoor. A bare
 * JWT is accepted too. Anything else fails with a {@link TokenRejectedException}, never another exception.
 */
public final class OpenViduTokenUrl {
    /** Room for scheme, host, port and {@code sessionId} around the JWT, on top of {@code vidgate.tokens.max-size}. */
    public static final int URL_OVERHEAD_CHARS = 1024;
    public static final int DEFAULT_MAX_CHARS = TokenSettings.DEFAULT_MAX_TOKEN_CHARS + URL_OVERHEAD_CHARS;

    /**
     * openvidu-browser's own pattern (host without {@code :/?#}, optional numeric port, optional path, query,
     * fragment), restricted to non-empty hosts and without user info, so that what parses here is what the
     * browser parses.
     */
    private static final Pattern TOKEN_URL =
            Pattern.compile("^(wss?)://([^:/?#@\\[\\]\\s]+)(?::([0-9]{1,5}))?(/[^?#]*)?(?:\\?([^#]*))?(?:#.*)?$");
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final String jwt;
    private final String sessionId;
    private final boolean secretPresent;
    private final Set<String> parameterNames;

    private OpenViduTokenUrl(String jwt, String sessionId, boolean secretPresent, Set<String> parameterNames) {
        this.jwt = jwt;
        this.sessionId = sessionId;
        this.secretPresent = secretPresent;
        this.parameterNames = parameterNames;
    }

    /**
     * Builds the token string for clients.
     *
     * @param publicUrl the gateway's public URL: {@code https://edge.example} becomes {@code wss://edge.example},
     *                  {@code http://localhost:4443} becomes {@code ws://localhost:4443}; an explicit port is kept,
     *                  path, query and fragment are dropped ({@code ws}/{@code wss} URLs are taken as they are)
     * @throws IllegalArgumentException for a URL openvidu-browser could not use (no host, an IPv6 literal, which its
     *                                  regular expression cannot parse, user info, another scheme), an invalid
     *                                  session id, or a JWT that is not a compact JWS
     */
    public static String build(URI publicUrl, String sessionId, String jwt) {
        return webSocketBase(publicUrl) + "?sessionId=" + SessionIds.requireValid(sessionId) + "&token=" + requireCompactJws(jwt);
    }

    /** {@code wss://host[:port]} (or {@code ws://…}) for a public URL; see {@link #build}. */
    public static String webSocketBase(URI publicUrl) {
        if (publicUrl == null || publicUrl.getScheme() == null) {
            throw new IllegalArgumentException("the public URL needs a scheme, e.g. https://edge.example");
        }
        String scheme = switch (publicUrl.getScheme().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "wss";
            case "http", "ws" -> "ws";
            default -> throw new IllegalArgumentException("public URL " + publicUrl + ": scheme must be https or http");
        };
        String host = publicUrl.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("public URL " + publicUrl + " has no host");
        }
        if (host.startsWith("[")) {
            throw new IllegalArgumentException("public URL " + publicUrl
                    + ": openvidu-browser cannot parse IPv6 literals in token URLs; use a host name");
        }
        if (publicUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("public URL must not contain user info");
        }
        return scheme + "://" + host + (publicUrl.getPort() >= 0 ? ":" + publicUrl.getPort() : "");
    }

    /** {@link #parse(String, int)} with room for a default-size JWT ({@link #DEFAULT_MAX_CHARS}). */
    public static OpenViduTokenUrl parse(String tokenParam) throws TokenRejectedException {
        return parse(tokenParam, DEFAULT_MAX_CHARS);
    }

    /**
     * Parses the {@code token} parameter of {@code joinRoom}: a token URL or a bare JWT. Only the form is checked
     * here; the JWT is verified by {@link ConnectionTokenVerifier}.
     *
     * @throws TokenRejectedException {@link TokenRejection#TOO_LARGE} over {@code maxChars}, otherwise
     *                                {@link TokenRejection#BAD_TOKEN_URL}
     */
    public static OpenViduTokenUrl parse(String tokenParam, int maxChars) throws TokenRejectedException {
        if (tokenParam == null || tokenParam.isEmpty()) {
            throw bad("the token is empty");
        }
        if (tokenParam.length() > maxChars) {
            throw new TokenRejectedException(TokenRejection.TOO_LARGE, "the token has " + tokenParam.length()
                    + " characters, over the limit of " + maxChars);
        }
        if (COMPACT_JWS.matcher(tokenParam).matches()) {
            return new OpenViduTokenUrl(tokenParam, null, false, Set.of());
        }
        Matcher url = TOKEN_URL.matcher(tokenParam);
        if (!url.matches()) {
            throw bad("expected wss://host[:port]?sessionId=…&token=… or a bare JWT");
        }
        String query = url.group(5);
        if (query == null || query.isEmpty()) {
            throw bad("the token URL has no query string");
        }
        String jwt = null;
        String sessionId = null;
        boolean secret = false;
        Set<String> names = new LinkedHashSet<>();
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            // Decoded like openvidu-browser's decodeURI, so that "%73ecret" counts as "secret" here as it does there.
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            names.add(name);
            switch (name) {
                case "token" -> {
                    if (jwt != null) {
                        throw bad("the token URL has two token parameters");
                    }
                    jwt = value;
                }
                case "sessionId" -> {
                    if (sessionId != null) {
                        throw bad("the token URL has two sessionId parameters");
                    }
                    sessionId = value;
                }
                case "secret" -> secret = true;
                default -> {
                    // recorder, webrtcStatsInterval, sendBrowserLogs, edition, …: client settings, not credentials.
                }
            }
        }
        if (jwt == null || jwt.isEmpty()) {
            throw bad("the token URL has no token parameter");
        }
        if (!COMPACT_JWS.matcher(jwt).matches()) {
            throw bad("the token parameter is not a JWT (OpenVidu's opaque tok_… tokens are not accepted)");
        }
        if (sessionId == null || !SessionIds.isValid(sessionId)) {
            throw bad(sessionId == null ? "the token URL has no sessionId parameter" : "the token URL's sessionId is not a valid session id");
        }
        return new OpenViduTokenUrl(jwt, sessionId, secret, Collections.unmodifiableSet(names));
    }

    /** The compact JWT. A bearer credential: never log it. */
    public String jwt() {
        return jwt;
    }

    /** The URL's {@code sessionId}; empty for a bare JWT. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** The URL carries OpenVidu's {@code secret} parameter (even empty). Callers must refuse such a join. */
    public boolean hasSecret() {
        return secretPresent;
    }

    /** The token was a bare JWT rather than a URL. */
    public boolean isBareJwt() {
        return sessionId == null;
    }

    /** Names of the URL's query parameters, decoded, in order (empty for a bare JWT). */
    public Set<String> parameterNames() {
        return parameterNames;
    }

    /** Without the JWT, which is a credential. */
    @Override
    public String toString() {
        return "OpenViduTokenUrl[sessionId=" + sessionId + ", parameters=" + parameterNames + ", jwt=(redacted)]";
    }

    private static String requireCompactJws(String jwt) {
        if (jwt == null || !COMPACT_JWS.matcher(jwt).matches()) {
            throw new IllegalArgumentException("not a compact JWS");
        }
        return jwt;
    }

    /** Strict percent-decoding to UTF-8; {@code +} stays {@code +} (as with decodeURI, unlike form decoding). */
    private static String percentDecode(String raw) throws TokenRejectedException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            if (raw.charAt(i) != '%') {
                out.append(raw.charAt(i++));
                continue;
            }
            // A run of %XX escapes is one UTF-8 byte sequence.
            ByteBuffer bytes = ByteBuffer.allocate(raw.length());
            while (i < raw.length() && raw.charAt(i) == '%') {
                int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw bad("the token URL has a broken percent-escape");
                }
                bytes.put((byte) (high * 16 + low));
                i += 3;
            }
            bytes.flip();
            try {
                out.append(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(bytes));
            } catch (CharacterCodingException e) {
                throw bad("the token URL has percent-escapes that are not UTF-8");
            }
        }
        return out.toString();
    }

    private static TokenRejectedException bad(String detail) {
        return new TokenRejectedException(TokenRejection.BAD_TOKEN_URL, detail);
    }
}
