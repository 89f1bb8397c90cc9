package io.vidgate.protocol.token;

import java.time.Duration;

/**
 * Token settings shared by the issuer (gateway) and the verifiers (gateway edge and broker), so the two sides
 * cannot drift apart. Each limit's error message names the configuration property it comes from.
 *
 * @param issuer        {@code vidgate.tokens.issuer}: the {@code iss} of tokens Vidgate signs, for example the
 *                      public URL {@code https://edge.example}
 * @param audience      {@code vidgate.tokens.audience}: the {@code aud} Vidgate signs and requires
 * @param ttl           {@code vidgate.tokens.ttl}: lifetime of issued tokens, 10 s to 24 h (default 10 min). Short
 *                      on purpose: a token only has to survive until the browser's {@code joinRoom}.
 * @param leeway        {@code vidgate.tokens.leeway}: clock skew tolerated on {@code exp}, {@code nbf} and
 *                      {@code iat}, 0 to 5 min (default 5 s)
 * @param maxTokenChars {@code vidgate.tokens.max-size}: longest compact JWT accepted, 1 KiB to 64 KiB (default
 *                      8 KiB); checked before any parsing so that a huge token costs nothing. The issuer refuses to
 *                      produce a token over this size (a very large {@code serverData}).
 */
public record TokenSettings(String issuer, String audience, Duration ttl, Duration leeway, int maxTokenChars) {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration MIN_TTL = Duration.ofSeconds(10);
    /** Also the longest remaining lifetime a verifier accepts, for backend-minted tokens too. */
    public static final Duration MAX_TTL = Duration.ofHours(24);
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);
    public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_TOKEN_CHARS = 8 * 1024;

    public TokenSettings {
        requireText(issuer, "vidgate.tokens.issuer");
        requireText(audience, "vidgate.tokens.audience");
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("vidgate.tokens.ttl must be between " + MIN_TTL + " and " + MAX_TTL
                    + " (was " + ttl + "); tokens only need to live until the browser joins");
        }
        if (leeway == null || leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
            throw new IllegalArgumentException("vidgate.tokens.leeway must be between 0 and " + MAX_LEEWAY
                    + " (was " + leeway + ")");
        }
        if (maxTokenChars < 1024 || maxTokenChars > 64 * 1024) {
            throw new IllegalArgumentException("vidgate.tokens.max-size must be between 1024 and 65536 characters (was "
                    + maxTokenChars + ")");
        }
    }

    /** Defaults for everything but the issuer and audience. */
    public static TokenSettings of(String issuer, String audience) {
        return new TokenSettings(issuer, audience, DEFAULT_TTL, DEFAULT_LEEWAY, DEFAULT_MAX_TOKEN_CHARS);
    }

    public TokenSettings withTtl(Duration ttl) {
        return new TokenSettings(issuer, audience, ttl, leeway, maxTokenChars);
    }

    public TokenSettings withLeeway(Duration leeway) {
        return new TokenSettings(issuer, audience, ttl, leeway, maxTokenChars);
    }

    public TokenSettings withMaxTokenChars(int maxTokenChars) {
        return new TokenSettings(issuer, audience, ttl, leeway, maxTokenChars);
    }

    private static void requireText(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must be set");
        }
    }
}
