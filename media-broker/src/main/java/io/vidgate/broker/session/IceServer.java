package io.vidgate.broker.session;

import java.util.Locale;

/**
 * A STUN/TURN server a backend gave a connection ({@code customIceServers}). Checked with openvidu-java-client's
 * rules, because the client rebuilds these from the Connection JSON and throws on what it would not accept: TURN
 * needs a username and credential, STUN must not have them.
 */
public record IceServer(String url, String username, String credential) {

    public IceServer {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("an ICE server needs a 'url'");
        }
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        boolean turn = scheme.equals("turn") || scheme.equals("turns");
        boolean stun = scheme.equals("stun") || scheme.equals("stuns");
        if (!turn && !stun || colon == url.length() - 1 || url.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("ICE server url must look like turn:host[:port][?transport=udp|tcp], "
                    + "turns:…, stun:host[:port] or stuns:…");
        }
        if (username != null && username.isEmpty()) {
            username = null;
        }
        if (credential != null && credential.isEmpty()) {
            credential = null;
        }
        if (turn && (username == null || credential == null)) {
            throw new IllegalArgumentException("a TURN server needs 'username' and 'credential'");
        }
        if (stun && (username != null || credential != null)) {
            throw new IllegalArgumentException("a STUN server takes no 'username' or 'credential'");
        }
    }

    /** Without the credential, which may be a long-lived TURN password. */
    @Override
    public String toString() {
        return "IceServer[url=" + url + ", username=" + username + ", credential=" + (credential == null ? null : "<redacted>") + "]";
    }
}
