package io.vidgate.protocol.token;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;

import java.util.Objects;

/**
 * What a token to be issued allows: which connection joins which session, in which role. A record rather than
 * five positional arguments, so that a session id and a connection id cannot be swapped silently.
 *
 * @param serverData OpenVidu's {@code data} of the Connection API; null means {@code ""}
 * @param singleUse  the token may join once (see {@link ClaimNames#SINGLE_USE})
 */
public record ConnectionGrant(String sessionId, String connectionId, Role role, String serverData, boolean singleUse) {

    public ConnectionGrant {
        SessionIds.requireValid(sessionId);
        ConnectionIds.requireValid(connectionId);
        Objects.requireNonNull(role, "role");
        serverData = serverData == null ? "" : serverData;
    }

    /** A reusable grant without server data. */
    public static ConnectionGrant of(String sessionId, String connectionId, Role role) {
        return new ConnectionGrant(sessionId, connectionId, role, "", false);
    }

    public ConnectionGrant withServerData(String serverData) {
        return new ConnectionGrant(sessionId, connectionId, role, serverData, singleUse);
    }

    public ConnectionGrant withSingleUse(boolean singleUse) {
        return new ConnectionGrant(sessionId, connectionId, role, serverData, singleUse);
    }
}
