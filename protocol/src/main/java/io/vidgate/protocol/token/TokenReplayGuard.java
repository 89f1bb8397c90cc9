package io.vidgate.protocol.token;

import java.time.Instant;

/**
 * Remembers the {@code jti} of single-use tokens that have been used. Only one place may consult it per join:
 * the broker's {@code joinRoom} (the gateway's edge check must not, or the broker would see every token as
 * replayed). openvidu-browser's resume ({@code connect} with the RPC session id, after a dropped socket) is not a
 * join and does not consult it.
 *
 * <p>Which tokens are single-use: those that say so ({@code single_use: true}), and, when
 * {@code vidgate.tokens.single-use} is on, every token, whoever minted it — a backend's HS256 token without the claim
 * too. Otherwise the setting would only bind the gateway's own tokens, and a backend token could join, leave and join
 * again until it expires (every token has a {@code jti}: the verifier requires it).
 */
public interface TokenReplayGuard {

    /**
     * Records a use of token {@code jti}.
     *
     * @param expiresAt the token's {@code exp}; the guard may forget the id once the token can no longer verify
     * @return true the first time, false for a replay (and for a token that has already expired)
     */
    boolean firstUse(String jti, Instant expiresAt);

    /** Whether every token joins once, whatever its claims ({@code vidgate.tokens.single-use}). */
    default boolean everyTokenSingleUse() {
        return false;
    }

    /**
     * For a single-use token (by its claim, or every token under {@link #everyTokenSingleUse()}), records its use and
     * refuses a replay; reusable tokens pass untouched.
     *
     * @throws TokenRejectedException {@link TokenRejection#REPLAYED}
     */
    default void requireFirstUse(VerifiedConnectionToken token) throws TokenRejectedException {
        ConnectionTokenClaims claims = token.claims();
        if ((claims.singleUse() || everyTokenSingleUse()) && !firstUse(claims.tokenId(), claims.expiresAt())) {
            throw new TokenRejectedException(TokenRejection.REPLAYED, "this single-use token has already been used");
        }
    }
}
