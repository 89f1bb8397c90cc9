package io.vidgate.protocol;

import java.security.SecureRandom;

/**
 * Shared helpers for the id classes. Ids are not secrets (they travel in events to every participant), but they
 * are still drawn from {@link SecureRandom} so that nobody can predict the next connection or session id.
 */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALPHANUMERIC = UPPER + "abcdefghijklmnopqrstuvwxyz0123456789";

    private Ids() {
    }

    /**
     * OpenVidu's shape for the random part of an id: one upper-case letter, then {@code length - 1} alphanumerics
     * ({@code RandomStringUtils.randomAlphabetic(1).toUpperCase() + randomAlphanumeric(n)} in openvidu-server).
     */
    static String openViduRandomPart(int length) {
        StringBuilder out = new StringBuilder(length);
        out.append(UPPER.charAt(RANDOM.nextInt(UPPER.length())));
        for (int i = 1; i < length; i++) {
            out.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return out.toString();
    }
}
