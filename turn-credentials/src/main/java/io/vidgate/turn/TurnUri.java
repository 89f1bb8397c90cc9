package io.vidgate.turn;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code stun:} (RFC 7064), {@code turn:} or {@code turns:} (RFC 7065) URI, as browsers accept them in
 * {@code RTCIceServer.urls}: {@code scheme:host[:port][?transport=udp|tcp]}, no {@code //}, no user info.
 *
 * @param scheme    {@code stun}, {@code turn} or {@code turns}
 * @param host      a name, an IPv4 address or a bracketed IPv6 address
 * @param port      the explicit port, or the scheme's default (3478, or 5349 for {@code turns})
 * @param transport {@code udp} or {@code tcp}, or {@code null} when the URI leaves the choice to the client
 */
public record TurnUri(String scheme, String host, int port, String transport) {

    private static final Pattern FORM = Pattern.compile(
            "(stun|turn|turns):(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?(?:\\?transport=(udp|tcp))?");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    /**
     * @param property where the URI came from, named in the error
     * @throws IllegalArgumentException if the text is not such a URI
     */
    public static TurnUri parse(String text, String property) {
        Objects.requireNonNull(text, () -> property + " holds a null URI");
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(property + ": '" + text + "' is not a stun:, turn: or turns: URI"
                    + " of the form scheme:host[:port][?transport=udp|tcp]");
        }
        String scheme = m.group(1);
        if (scheme.equals("stun") && m.group(4) != null) {
            throw new IllegalArgumentException(property + ": '" + text + "': a stun: URI takes no transport");
        }
        int port = m.group(3) == null ? defaultPort(scheme) : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(property + ": '" + text + "' has port " + port + " outside 1-65535");
        }
        return new TurnUri(scheme, m.group(2), port, m.group(4));
    }

    /** Whether the host is written as a dotted IPv4 address (not a name, not IPv6). */
    public boolean hostIsIpv4Address() {
        Matcher m = IPV4.matcher(host);
        if (!m.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(m.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("turns") ? 5349 : 3478;
    }
}
