package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * Signs connection tokens: ES256 JWTs with the first key of a {@link SigningKeys} set, header
 * {@code {"alg":"ES256","kid":…,"typ":"JWT"}}, claims as in {@link ClaimNames}. Thread-safe.
 */
public final class ConnectionTokenIssuer {
    private final SigningKeys keys;
    private final TokenSettings settings;
    private final Clock clock;

    public ConnectionTokenIssuer(SigningKeys keys, TokenSettings settings, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a token for {@code grant}, valid from now for {@code vidgate.tokens.ttl}.
     *
     * @throws IllegalArgumentException when the token would exceed {@code vidgate.tokens.max-size} (a very large
     *                                  {@code serverData}): verifiers would refuse it, so it is better not to hand
     *                                  it out
     */
    public IssuedConnectionToken issue(ConnectionGrant grant) {
        Objects.requireNonNull(grant, "grant");
        // JWT times are whole seconds; truncating here keeps the returned claims equal to what a verifier reads.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ConnectionTokenClaims claims = new ConnectionTokenClaims(
                settings.issuer(),
                List.of(settings.audience()),
                grant.connectionId(),
                grant.sessionId(),
                grant.role(),
                grant.serverData(),
                now,
                now,
                now.plus(settings.ttl()),
                Randoms.urlSafe(16),
                grant.singleUse());

        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(claims.issuer())
                .audience(claims.audience())
                .subject(claims.connectionId())
                .claim(ClaimNames.SESSION_ID, claims.sessionId())
                .claim(ClaimNames.ROLE, claims.role().name())
                .claim(ClaimNames.SERVER_DATA, claims.serverData())
                .issueTime(Date.from(claims.issuedAt()))
                .notBeforeTime(Date.from(claims.notBefore()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(claims.tokenId());
        if (claims.singleUse()) {
            body.claim(ClaimNames.SINGLE_USE, true); // absent means reusable: keeps ordinary tokens short
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keys.signingKeyId())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, body.build());
        try {
            jwt.sign(keys.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("ES256 signing failed with key " + keys.signingKeyId(), e);
        }
        String compact = jwt.serialize();
        if (compact.length() > settings.maxTokenChars()) {
            throw new IllegalArgumentException("the token would have " + compact.length()
                    + " characters, over vidgate.tokens.max-size (" + settings.maxTokenChars()
                    + "); make the connection's serverData (data) smaller");
        }
        return new IssuedConnectionToken(compact, keys.signingKeyId(), claims);
    }

    public TokenSettings settings() {
        return settings;
    }
}
