package io.vidgate.turn;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a TURN credential may live.
 *
 * <p>The lower bound leaves a browser (or a KMS) time to gather candidates and allocate a relay before the
 * credential lapses; the upper bound keeps a leaked credential from being the day-long pass OpenVidu 2 hands
 * out. coturn checks expiry only when an allocation is created, so a short TTL does not cut running calls.
 */
public final class CredentialTtl {

    public static final Duration DEFAULT = Duration.ofMinutes(10);
    public static final Duration MIN = Duration.ofMinutes(1);
    public static final Duration MAX = Duration.ofHours(24);

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*([smhd]?)");

    private CredentialTtl() {
    }

    /**
     * @param property the configuration property the value came from, named in the error
     * @throws IllegalArgumentException if the TTL is missing or outside [1 minute, 24 hours]
     */
    public static Duration requireValid(Duration ttl, String property) {
        Objects.requireNonNull(ttl, () -> property + " is required");
        if (ttl.compareTo(MIN) < 0 || ttl.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(
                    property + " must be between 1 minute and 24 hours, was " + ttl.toSeconds() + " s");
        }
        return ttl;
    }

    /**
     * Reads a TTL the way an environment variable gives it: {@code 600} (seconds), {@code 90s}, {@code 10m},
     * {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT10M}) — the forms Spring accepts for a {@link Duration}.
     */
    public static Duration parse(String text, String property) {
        String value = Objects.requireNonNull(text, () -> property + " is required").trim().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE.matcher(value);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "", "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    property + " must be a duration such as 600, 10m or PT10M, was '" + text + "'", e);
        }
    }
}
