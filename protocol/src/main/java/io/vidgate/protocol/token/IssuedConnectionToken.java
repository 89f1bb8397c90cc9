package io.vidgate.protocol.token;

/**
 * A freshly signed token and what it says.
 *
 * @param jwt    the compact JWS; a bearer credential, so it is left out of {@link #toString()}
 * @param keyId  the {@code kid} that signed it
 */
public record IssuedConnectionToken(String jwt, String keyId, ConnectionTokenClaims claims) {

    @Override
    public String toString() {
        return "IssuedConnectionToken[keyId=" + keyId + ", claims=" + claims + ", jwt=(redacted)]";
    }
}
