package io.vidgate.turn;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * ICE servers for one user, with the moment their credentials stop being accepted for new allocations.
 *
 * @param servers   the {@code RTCConfiguration.iceServers} entries, at least one
 * @param expiresAt when the credentials in {@code servers} expire
 */
public record IceServers(List<IceServer> servers, Instant expiresAt) {

    public IceServers {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one ICE server is needed");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
