package io.vidgate.broker.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** One connection's mutable state. Not thread-safe: only touched while holding its {@link SessionState}'s lock. */
final class ConnectionState {

    final String id;
    final long createdAt;
    final ConnectionProperties properties;
    final String token;
    ConnectionStatus status = ConnectionStatus.PENDING;
    Long activeAt;
    ActivationDetails activation;
    /** By stream id; OpenVidu clients publish one stream per connection, but nothing here depends on that. */
    final Map<String, PublisherSnapshot> publishers = new LinkedHashMap<>();
    /** By the stream id received. */
    final Map<String, SubscriberSnapshot> subscribers = new LinkedHashMap<>();

    ConnectionState(String id, long createdAt, ConnectionProperties properties, String token) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
        this.token = token;
    }

    boolean isActive() {
        return status == ConnectionStatus.ACTIVE;
    }

    ConnectionSnapshot snapshot(String sessionId) {
        ActivationDetails details = activation;
        return new ConnectionSnapshot(id, sessionId, createdAt, properties, token, status, activeAt,
                details == null ? null : details.ip(),
                details == null ? null : details.platform(),
                details == null ? null : details.clientData(),
                details == null ? null : details.location(),
                new ArrayList<>(publishers.values()), new ArrayList<>(subscribers.values()));
    }
}
