package io.vidgate.turn;

/**
 * Formats the {@code turnUrl} of a Kurento WebRtcEndpoint: {@code user:password@address:port?transport=udp|tcp|tls}.
 *
 * <p>Kurento matches it against {@code ^(?<user>.+):(?<password>.+)@(?<address>[0-9.]+):(?<port>[0-9]+)...$}
 * and never resolves names, so <strong>the coturn host must be written as an IPv4 address</strong>. The greedy
 * {@code user} group takes everything up to the last {@code ':'} before {@code '@'}, which keeps the
 * {@code ':'} inside a REST-scheme username intact (a base64 password never contains {@code ':'} or {@code '@'}).
 * Nothing is percent-encoded: Kurento does not decode.
 */
public final class KurentoTurnUrl {

    private KurentoTurnUrl() {
    }

    /**
     * @param turnUri a {@code turn:} URI with an IPv4 host ({@code turns:} becomes Kurento's {@code tls})
     * @throws IllegalArgumentException for a {@code stun:} URI, a host name or an IPv6 address
     */
    public static String format(TurnCredential credential, String turnUri) {
        TurnUri uri = TurnUri.parse(turnUri, "Kurento turnUrl");
        if (uri.scheme().equals("stun")) {
            throw new IllegalArgumentException("Kurento's turnUrl needs a turn: or turns: URI, not '" + turnUri + "'");
        }
        if (!uri.hostIsIpv4Address()) {
            throw new IllegalArgumentException("Kurento's turnUrl needs the TURN host as an IPv4 address (Kurento does"
                    + " not resolve names), not '" + uri.host() + "' in '" + turnUri + "'");
        }
        return credential.username() + ":" + credential.password() + "@" + uri.host() + ":" + uri.port()
                + "?transport=" + kurentoTransport(uri, turnUri);
    }

    private static String kurentoTransport(TurnUri uri, String turnUri) {
        if (uri.scheme().equals("turns")) {
            if ("udp".equals(uri.transport())) {
                throw new IllegalArgumentException("Kurento has no TURN over DTLS: '" + turnUri + "'");
            }
            return "tls";
        }
        return uri.transport() == null ? "udp" : uri.transport();
    }
}
