package io.vidgate.protocol;

import java.util.regex.Pattern;

/**
 * Session ids. Generated ones look like OpenVidu's ({@code ses_} + 10 characters); backends may also choose their
 * own ({@code customSessionId}), which OpenVidu restricts to {@code [a-zA-Z0-9_-]+}. Vidgate adds a length cap:
 * session ids end up in URLs, log lines, Redis keys and Kurento object tags, and none of those should be
 * unbounded.
 */
public final class SessionIds {
    public static final String PREFIX = "ses_";
    public static final int MAX_LENGTH = 128;

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_LENGTH + "}");

    private SessionIds() {
    }

    /** A new random session id, {@code ses_} + one upper-case letter + 9 alphanumerics. */
    public static String generate() {
        return PREFIX + Ids.openViduRandomPart(10);
    }

    /** True for generated ids and for acceptable custom session ids. */
    public static boolean isValid(String sessionId) {
        return sessionId != null && VALID.matcher(sessionId).matches();
    }

    /**
     * @return {@code sessionId} when valid
     * @throws IllegalArgumentException saying what a session id may contain
     */
    public static String requireValid(String sessionId) {
        if (!isValid(sessionId)) {
            throw new IllegalArgumentException("invalid session id " + LogSafe.quote(sessionId)
                    + ": 1 to " + MAX_LENGTH + " characters of [a-zA-Z0-9_-]");
        }
        return sessionId;
    }
}
