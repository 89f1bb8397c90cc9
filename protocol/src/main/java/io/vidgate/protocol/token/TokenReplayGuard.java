package io.vidgate.protocol.token;

import java.time.Instant;

/**
 * Remembers the {@code jti} of single-use tokens that have been used. Only one place may consult it per join:
 * the broker's {@code joinRoom} (the gateway's edge check must not, or the broker would see every token as
 * replayed).
 */
public interface TokenReplayGuard {

    /**
     * Records a use of token {@code jti}.
     *
     * @param expiresAt the token's {@code exp}; the guard may forget the id once the token can no longer verify
     * @return true the first time, false for a replay (and for a token that has already expired)
     */
    boolean firstUse(String jti, Instant expiresAt);

    /**
     * For a single-use token, records its use and refuses a replay; reusable tokens pass untouched.
     *
     * @throws TokenRejectedException {@link TokenRejection#REPLAYED}
     */
    default void requireFirstUse(VerifiedConnectionToken token) throws TokenRejectedException {
        ConnectionTokenClaims claims = token.claims();
        if (claims.singleUse() && !firstUse(claims.tokenId(), claims.expiresAt())) {
            throw new TokenRejectedException(TokenRejection.REPLAYED, "this single-use token has already been used");
        }
    }
}
