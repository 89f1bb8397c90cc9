package io.vidgate.broker.session;

import java.util.List;
import java.util.Optional;

/** A session and its connections at one moment; immutable. Connections are in creation order. */
public record SessionSnapshot(String id, long createdAt, SessionProperties properties, List<ConnectionSnapshot> connections) {

    public SessionSnapshot {
        connections = List.copyOf(connections);
    }

    public List<ConnectionSnapshot> activeConnections() {
        return connections.stream().filter(ConnectionSnapshot::isActive).toList();
    }

    public Optional<ConnectionSnapshot> connection(String connectionId) {
        return connections.stream().filter(c -> c.id().equals(connectionId)).findFirst();
    }

    /** OpenVidu calls a session active once someone has joined it. */
    public boolean isActive() {
        return connections.stream().anyMatch(ConnectionSnapshot::isActive);
    }
}
