package io.vidgate.protocol.token;

import io.vidgate.protocol.Role;

/**
 * A token that passed every check of {@link ConnectionTokenVerifier}: who may join which session, in which role.
 *
 * @param keyId  the {@code kid} that verified it (an EC key id, or an API key for {@link TokenOrigin#BACKEND})
 */
public record VerifiedConnectionToken(ConnectionTokenClaims claims, String keyId, TokenOrigin origin) {

    public String sessionId() {
        return claims.sessionId();
    }

    public String connectionId() {
        return claims.connectionId();
    }

    public Role role() {
        return claims.role();
    }

    public String serverData() {
        return claims.serverData();
    }
}
