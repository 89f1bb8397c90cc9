package io.vidgate.protocol;

/**
 * Renders untrusted values (from REST bodies, JSON-RPC params, token headers) for error messages and log lines.
 */
public final class LogSafe {
    private static final int MAX_CHARS = 40;

    private LogSafe() {
    }

    /**
     * The value quoted, cut at 40 characters, with anything outside a harmless set (control characters, line
     * breaks, quotes, {@code &}, {@code ?}, {@code =}, non-ASCII) replaced by {@code ?}: a caller can neither forge
     * log lines nor get a token-sized blob copied into logs.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(MAX_CHARS + 24).append('\'');
        for (int i = 0; i < Math.min(value.length(), MAX_CHARS); i++) {
            char c = value.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '+' || c == ' ';
            out.append(plain ? c : '?');
        }
        out.append('\'');
        if (value.length() > MAX_CHARS) {
            out.append("… (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
