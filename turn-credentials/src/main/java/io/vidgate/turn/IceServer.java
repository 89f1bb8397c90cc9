package io.vidgate.turn;

import java.util.List;

/**
 * One entry of {@code RTCConfiguration.iceServers}, shaped so that JSON serialisation gives what browsers expect.
 *
 * @param urls       {@code stun:}/{@code turn:}/{@code turns:} URIs, at least one
 * @param username   null for a STUN-only entry
 * @param credential null for a STUN-only entry
 */
public record IceServer(List<String> urls, String username, String credential) {

    public IceServer {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL");
        }
    }

    @Override
    public String toString() {
        return "IceServer[urls=" + urls + ", username=" + username
                + ", credential=" + (credential == null ? null : "<hidden>") + "]";
    }
}
