package io.vidgate.turn;

import java.time.Instant;
import java.util.Objects;

/**
 * A coturn REST-scheme credential.
 *
 * @param username  {@code <expiry unix seconds>:<user id>}
 * @param password  base64(HMAC-SHA1(secret, username))
 * @param expiresAt the expiry encoded in the username; coturn refuses new allocations after it
 */
public record TurnCredential(String username, String password, Instant expiresAt) {

    public TurnCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "TurnCredential[username=" + username + ", password=<hidden>, expiresAt=" + expiresAt + "]";
    }
}
