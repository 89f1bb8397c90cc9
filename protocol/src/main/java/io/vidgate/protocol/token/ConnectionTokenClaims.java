package io.vidgate.protocol.token;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The claims of a connection token, with Java names; {@link ClaimNames} gives the JWT claim of each.
 *
 * @param issuer       {@code iss}
 * @param audience     {@code aud}
 * @param connectionId {@code sub}
 * @param sessionId    {@code sid}
 * @param role         {@code role}
 * @param serverData   {@code data}, never null ({@code ""} when absent)
 * @param issuedAt     {@code iat}
 * @param notBefore    {@code nbf} ({@code iat} when the token has none)
 * @param expiresAt    {@code exp}
 * @param tokenId      {@code jti}
 * @param singleUse    {@code single_use}
 */
public record ConnectionTokenClaims(
        String issuer,
        List<String> audience,
        String connectionId,
        String sessionId,
        Role role,
        String serverData,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        String tokenId,
        boolean singleUse) {

    public ConnectionTokenClaims {
        Objects.requireNonNull(issuer, "issuer");
        audience = List.copyOf(audience);
        ConnectionIds.requireValid(connectionId);
        SessionIds.requireValid(sessionId);
        Objects.requireNonNull(role, "role");
        serverData = serverData == null ? "" : serverData;
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
    }
}
