package io.vidgate.broker.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.vidgate.broker.session.RegistryException.Problem;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.StreamIds;

/**
 * One session's mutable state. Every method holds the session's monitor, so each operation sees and leaves the
 * session consistent (a publisher's subscribers disappear with it, a closed session takes nothing new); sessions
 * never lock each other, so one busy session does not slow down the rest.
 */
final class SessionState {

    final String id;
    final long createdAt;
    final SessionProperties properties;
    private final Map<String, ConnectionState> connections = new LinkedHashMap<>();
    private boolean closed;

    SessionState(String id, long createdAt, SessionProperties properties) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
    }

    synchronized SessionSnapshot snapshot() {
        return new SessionSnapshot(id, createdAt, properties, connections.values().stream().map(c -> c.snapshot(id)).toList());
    }

    /** Refuses everything from now on and returns the last state. */
    synchronized SessionSnapshot close() {
        closed = true;
        return new SessionSnapshot(id, createdAt, properties, connections.values().stream().map(c -> c.snapshot(id)).toList());
    }

    synchronized ConnectionSnapshot addPending(String connectionId, String token, ConnectionProperties connectionProperties,
            long now, int maxConnections) {
        requireOpen();
        if (connections.containsKey(connectionId)) {
            throw new RegistryException(Problem.CONNECTION_EXISTS, "Connection " + connectionId + " already exists in session " + id);
        }
        if (connections.size() >= maxConnections) {
            throw new RegistryException(Problem.TOO_MANY_CONNECTIONS, "Session " + id + " already has " + connections.size()
                    + " connections, the maximum (vidgate.sessions.max-connections-per-session)");
        }
        ConnectionState connection = new ConnectionState(connectionId, now, connectionProperties, token);
        connections.put(connectionId, connection);
        return connection.snapshot(id);
    }

    synchronized Optional<ConnectionSnapshot> connection(String connectionId) {
        ConnectionState connection = connections.get(connectionId);
        return connection == null ? Optional.empty() : Optional.of(connection.snapshot(id));
    }

    synchronized ConnectionSnapshot activate(String connectionId, ActivationDetails details, long now) {
        requireOpen();
        ConnectionState connection = existing(connectionId);
        if (connection.isActive()) {
            throw new RegistryException(Problem.CONNECTION_ALREADY_ACTIVE, "Connection " + connectionId
                    + " has already joined; its token cannot be used twice");
        }
        connection.status = ConnectionStatus.ACTIVE;
        connection.activeAt = now;
        connection.activation = details;
        return connection.snapshot(id);
    }

    /** Removes a connection, its streams, their subscriptions, and its own subscriptions. */
    synchronized Optional<ConnectionSnapshot> removeConnection(String connectionId) {
        ConnectionState connection = connections.get(connectionId);
        if (connection == null) {
            return Optional.empty();
        }
        ConnectionSnapshot before = connection.snapshot(id);
        connections.remove(connectionId);
        for (String streamId : connection.publishers.keySet()) {
            dropSubscriptionsTo(streamId);
        }
        return Optional.of(before);
    }

    synchronized PublisherSnapshot addPublisher(String connectionId, String streamId, MediaOptions mediaOptions, long now) {
        requireOpen();
        ConnectionState connection = existingActive(connectionId);
        if (!connection.properties.role().canPublish()) {
            throw new RegistryException(Problem.ROLE_CANNOT_PUBLISH, "Connection " + connectionId + " has role "
                    + connection.properties.role() + ", which cannot publish");
        }
        if (!StreamIds.isValid(streamId) || !StreamIds.connectionIdOf(streamId).orElseThrow().equals(connectionId)) {
            throw new RegistryException(Problem.INVALID_STREAM_ID, "Invalid stream id " + LogSafe.quote(streamId)
                    + " for connection " + connectionId);
        }
        if (connection.publishers.containsKey(streamId)) {
            throw new RegistryException(Problem.STREAM_EXISTS, "Stream " + streamId + " is already published");
        }
        PublisherSnapshot publisher = new PublisherSnapshot(streamId, connectionId, now, mediaOptions);
        connection.publishers.put(streamId, publisher);
        return publisher;
    }

    synchronized PublisherSnapshot updatePublisher(String streamId, UnaryOperator<MediaOptions> change) {
        requireOpen();
        ConnectionState owner = ownerOf(streamId).orElseThrow(() -> unknownStream(streamId));
        PublisherSnapshot before = owner.publishers.get(streamId);
        PublisherSnapshot after = new PublisherSnapshot(streamId, before.connectionId(), before.createdAt(),
                change.apply(before.mediaOptions()));
        owner.publishers.put(streamId, after);
        return after;
    }

    synchronized Optional<UnpublishedStream> removePublisher(String streamId) {
        Optional<ConnectionState> owner = ownerOf(streamId);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        PublisherSnapshot publisher = owner.get().publishers.remove(streamId);
        return Optional.of(new UnpublishedStream(id, publisher, dropSubscriptionsTo(streamId)));
    }

    synchronized SubscriberSnapshot addSubscriber(String connectionId, String streamId, long now) {
        requireOpen();
        ConnectionState subscriber = existingActive(connectionId);
        if (ownerOf(streamId).isEmpty()) {
            throw unknownStream(streamId);
        }
        if (subscriber.subscribers.containsKey(streamId)) {
            throw new RegistryException(Problem.STREAM_EXISTS, "Connection " + connectionId + " already receives stream " + streamId);
        }
        SubscriberSnapshot subscription = new SubscriberSnapshot(streamId, connectionId, now);
        subscriber.subscribers.put(streamId, subscription);
        return subscription;
    }

    synchronized Optional<SubscriberSnapshot> removeSubscriber(String connectionId, String streamId) {
        ConnectionState subscriber = connections.get(connectionId);
        return subscriber == null ? Optional.empty() : Optional.ofNullable(subscriber.subscribers.remove(streamId));
    }

    /**
     * The active connections a signal goes to: all of them when {@code to} is empty, otherwise exactly those named,
     * each of which must be active (OpenVidu refuses the whole signal otherwise).
     */
    synchronized List<ConnectionSnapshot> recipients(Signal signal) {
        requireOpen();
        List<ConnectionState> active = connections.values().stream().filter(ConnectionState::isActive).toList();
        if (active.isEmpty()) {
            throw new RegistryException(Problem.SESSION_NOT_ACTIVE, "Session " + id + " has no active connections");
        }
        if (signal.from() != null) {
            existingActive(signal.from());
        }
        if (signal.to().isEmpty()) {
            return active.stream().map(c -> c.snapshot(id)).toList();
        }
        Set<String> named = new LinkedHashSet<>(signal.to());
        List<ConnectionSnapshot> recipients = new ArrayList<>(named.size());
        for (String connectionId : named) {
            ConnectionState connection = connectionId == null ? null : connections.get(connectionId);
            if (connection == null || !connection.isActive()) {
                throw new RegistryException(Problem.INVALID_RECIPIENT, "\"to\" names " + LogSafe.quote(connectionId)
                        + ", which is not an active connection of session " + id);
            }
            recipients.add(connection.snapshot(id));
        }
        return recipients;
    }

    private List<SubscriberSnapshot> dropSubscriptionsTo(String streamId) {
        List<SubscriberSnapshot> dropped = new ArrayList<>();
        for (ConnectionState connection : connections.values()) {
            SubscriberSnapshot subscription = connection.subscribers.remove(streamId);
            if (subscription != null) {
                dropped.add(subscription);
            }
        }
        return dropped;
    }

    private Optional<ConnectionState> ownerOf(String streamId) {
        return StreamIds.connectionIdOf(streamId)
                .map(connections::get)
                .filter(owner -> owner.publishers.containsKey(streamId));
    }

    private ConnectionState existing(String connectionId) {
        ConnectionState connection = connections.get(connectionId);
        if (connection == null) {
            throw new RegistryException(Problem.UNKNOWN_CONNECTION, "No connection " + LogSafe.quote(connectionId)
                    + " in session " + id);
        }
        return connection;
    }

    private ConnectionState existingActive(String connectionId) {
        ConnectionState connection = existing(connectionId);
        if (!connection.isActive()) {
            throw new RegistryException(Problem.CONNECTION_NOT_ACTIVE, "Connection " + connectionId + " has not joined yet");
        }
        return connection;
    }

    private RegistryException unknownStream(String streamId) {
        return new RegistryException(Problem.UNKNOWN_STREAM, "No stream " + LogSafe.quote(streamId) + " in session " + id);
    }

    private void requireOpen() {
        if (closed) {
            throw new RegistryException(Problem.UNKNOWN_SESSION, "Session " + id + " is closed");
        }
    }
}
