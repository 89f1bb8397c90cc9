package io.vidgate.protocol.token;

import java.security.SecureRandom;
import java.util.Base64;

/** Unpredictable identifiers for tokens ({@code jti}) and keys ({@code kid}). */
final class Randoms {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Randoms() {
    }

    /** {@code bytes} random bytes as unpadded base64url: 16 bytes (128 bits) give 22 characters. */
    static String urlSafe(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
