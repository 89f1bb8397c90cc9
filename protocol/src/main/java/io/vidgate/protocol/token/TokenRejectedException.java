package io.vidgate.protocol.token;

import java.util.Objects;

/**
 * A token was refused. The message says why in terms of the check that failed; it never contains the token or
 * any part of it, so it is safe to log. Untrusted values (a {@code kid}, an {@code alg}) appear only through
 * {@link io.vidgate.protocol.LogSafe}.
 */
public final class TokenRejectedException extends Exception {
    private final TokenRejection reason;

    public TokenRejectedException(TokenRejection reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public TokenRejection reason() {
        return reason;
    }
}
