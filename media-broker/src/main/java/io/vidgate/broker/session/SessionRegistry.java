package io.vidgate.broker.session;

import io.vidgate.protocol.rpc.EndReason;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.vidgate.broker.session.RegistryException.Problem;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.SessionIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's sessions, their connections, and who publishes and receives what: the one source of truth that both
 * the REST API and the signaling layer read and change. Thread-safe; callers get immutable snapshots.
 *
 * <p>Two kinds of change: those the participants cause themselves through the signaling layer ({@code activate…},
 * {@code remove…}, {@code add…}), which the caller handles, and those forced from outside ({@link #closeSession},
 * {@link #evictConnection}, {@link #forceUnpublish}, {@link #sendSignal}), which are reported to {@link SessionEvents}
 * so that the signaling layer can tell the participants.
 */
public final class SessionRegistry {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final ConcurrentMap<String, SessionState> sessions = new ConcurrentHashMap<>();
    /** Makes "check the cap, then add" atomic; creating sessions is rare enough for one lock. */
    private final Object creation = new Object();
    private final SessionLimits limits;
    private final Clock clock;
    private final SessionEvents events;

    public SessionRegistry(SessionLimits limits, Clock clock, SessionEvents events) {
        this.limits = limits;
        this.clock = clock;
        this.events = events;
    }

    // ---- sessions

    /**
     * @throws RegistryException {@code SESSION_EXISTS} for a taken custom id, {@code TOO_MANY_SESSIONS} at the cap
     */
    public SessionSnapshot createSession(SessionProperties properties) {
        synchronized (creation) {
            String custom = properties.customSessionId();
            if (custom != null && sessions.containsKey(custom)) {
                throw new RegistryException(Problem.SESSION_EXISTS, "Session " + custom + " already exists");
            }
            if (sessions.size() >= limits.maxSessions()) {
                throw new RegistryException(Problem.TOO_MANY_SESSIONS, "The broker already holds " + sessions.size()
                        + " sessions, the maximum (vidgate.sessions.max-sessions)");
            }
            String id = custom != null ? custom : freshSessionId();
            SessionState session = new SessionState(id, clock.millis(), properties);
            sessions.put(id, session);
            return session.snapshot();
        }
    }

    public Optional<SessionSnapshot> session(String sessionId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        return session == null ? Optional.empty() : Optional.of(session.snapshot());
    }

    /** All sessions, oldest first. */
    public List<SessionSnapshot> sessions() {
        return sessions.values().stream()
                .map(SessionState::snapshot)
                .sorted(Comparator.comparingLong(SessionSnapshot::createdAt).thenComparing(SessionSnapshot::id))
                .toList();
    }

    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Closes a session: its pending connections' tokens stop working, and {@link SessionEvents#sessionClosed} is
     * told (whoever closes it, the signaling layer included, e.g. with {@code LAST_PARTICIPANT_LEFT}).
     *
     * @return the session as it was, or empty when there was none
     */
    public Optional<SessionSnapshot> closeSession(String sessionId, EndReason reason) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            return Optional.empty();
        }
        // Closed first, removed second: in between, nothing can be added and the id cannot be reused.
        SessionSnapshot last = session.close();
        if (!sessions.remove(sessionId, session)) {
            return Optional.empty();
        }
        report("sessionClosed", listener -> listener.sessionClosed(last, reason));
        return Optional.of(last);
    }

    // ---- connections

    /**
     * Adds a pending connection with the id and token the gateway minted.
     *
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code CONNECTION_EXISTS}, {@code TOO_MANY_CONNECTIONS}
     */
    public ConnectionSnapshot addPendingConnection(String sessionId, String connectionId, String token,
            ConnectionProperties properties) {
        ConnectionIds.requireValid(connectionId);
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a connection needs its token");
        }
        return live(sessionId).addPending(connectionId, token, properties, clock.millis(), limits.maxConnectionsPerSession());
    }

    public Optional<ConnectionSnapshot> connection(String sessionId, String connectionId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        return session == null || connectionId == null ? Optional.empty() : session.connection(connectionId);
    }

    /**
     * A client joined with the connection's token: the connection becomes active. Single use: a second join with
     * the same connection fails.
     *
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code UNKNOWN_CONNECTION} (never created, removed by force,
     *                           or its session closed), {@code CONNECTION_ALREADY_ACTIVE}
     */
    public ConnectionSnapshot activateConnection(String sessionId, String connectionId, ActivationDetails details) {
        return live(sessionId).activate(connectionId, details, clock.millis());
    }

    /**
     * Removes a connection the signaling layer is done with (left, socket lost), with its streams and
     * subscriptions. Not reported to {@link SessionEvents}: the caller tells the participants.
     *
     * @return the connection as it was; empty when it (or its session) is already gone
     */
    public Optional<ConnectionSnapshot> removeConnection(String sessionId, String connectionId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        return session == null || connectionId == null ? Optional.empty() : session.removeConnection(connectionId);
    }

    /**
     * Removes a connection by force ({@code DELETE …/connection/{id}}). A pending connection just disappears, so its
     * token can no longer join; an active one is reported to {@link SessionEvents#connectionEvicted}.
     *
     * @return the connection as it was, or empty when the session has no such connection
     * @throws RegistryException {@code UNKNOWN_SESSION}
     */
    public Optional<ConnectionSnapshot> evictConnection(String sessionId, String connectionId, EndReason reason) {
        Optional<ConnectionSnapshot> removed = live(sessionId).removeConnection(connectionId);
        removed.filter(ConnectionSnapshot::isActive)
                .ifPresent(evicted -> report("connectionEvicted", listener -> listener.connectionEvicted(evicted, reason)));
        return removed;
    }

    // ---- streams

    /**
     * Records that an active connection publishes {@code streamId} (made with {@code StreamIds.generate} for that
     * connection).
     *
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code UNKNOWN_CONNECTION}, {@code CONNECTION_NOT_ACTIVE},
     *                           {@code ROLE_CANNOT_PUBLISH}, {@code INVALID_STREAM_ID}, {@code STREAM_EXISTS}
     */
    public PublisherSnapshot addPublisher(String sessionId, String connectionId, String streamId, MediaOptions mediaOptions) {
        return live(sessionId).addPublisher(connectionId, streamId, mediaOptions, clock.millis());
    }

    /**
     * Changes a stream's media options ({@code streamPropertyChanged}: audioActive, videoActive, videoDimensions).
     *
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code UNKNOWN_STREAM}
     */
    public PublisherSnapshot updatePublisher(String sessionId, String streamId, UnaryOperator<MediaOptions> change) {
        return live(sessionId).updatePublisher(streamId, change);
    }

    /**
     * Removes a stream and every subscription to it ({@code unpublishVideo}, or media failure). Not reported to
     * {@link SessionEvents}.
     *
     * @return what was removed; empty when the stream (or session) is already gone
     */
    public Optional<UnpublishedStream> removePublisher(String sessionId, String streamId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        return session == null || streamId == null ? Optional.empty() : session.removePublisher(streamId);
    }

    /**
     * Stops a stream by force ({@code DELETE …/stream/{id}}) and reports it to {@link SessionEvents#streamUnpublished}.
     *
     * @return what was removed, or empty when the session has no such stream
     * @throws RegistryException {@code UNKNOWN_SESSION}
     */
    public Optional<UnpublishedStream> forceUnpublish(String sessionId, String streamId, EndReason reason) {
        Optional<UnpublishedStream> removed = live(sessionId).removePublisher(streamId);
        removed.ifPresent(stream -> report("streamUnpublished",
                listener -> listener.streamUnpublished(sessionId, stream.publisher(), stream.subscribers(), reason)));
        return removed;
    }

    /**
     * Records that active connection {@code connectionId} receives {@code streamId}.
     *
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code UNKNOWN_CONNECTION}, {@code CONNECTION_NOT_ACTIVE},
     *                           {@code UNKNOWN_STREAM}, {@code STREAM_EXISTS} (already subscribed)
     */
    public SubscriberSnapshot addSubscriber(String sessionId, String connectionId, String streamId) {
        return live(sessionId).addSubscriber(connectionId, streamId, clock.millis());
    }

    /** @return the subscription removed; empty when there was none */
    public Optional<SubscriberSnapshot> removeSubscriber(String sessionId, String connectionId, String streamId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        return session == null || connectionId == null ? Optional.empty() : session.removeSubscriber(connectionId, streamId);
    }

    // ---- signals

    /**
     * Checks a signal's recipients and hands it to {@link SessionEvents#signalSent} for delivery.
     *
     * @return the recipients
     * @throws RegistryException {@code UNKNOWN_SESSION}, {@code SESSION_NOT_ACTIVE}, {@code INVALID_RECIPIENT},
     *                           {@code UNKNOWN_CONNECTION} / {@code CONNECTION_NOT_ACTIVE} for a bad {@code from}
     */
    public List<ConnectionSnapshot> sendSignal(Signal signal) {
        List<ConnectionSnapshot> recipients = live(signal.sessionId()).recipients(signal);
        report("signalSent", listener -> listener.signalSent(signal, recipients));
        return recipients;
    }

    // ----

    private SessionState live(String sessionId) {
        SessionState session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            throw new RegistryException(Problem.UNKNOWN_SESSION, "No session " + LogSafe.quote(sessionId));
        }
        return session;
    }

    private String freshSessionId() {
        String id;
        do {
            id = SessionIds.generate();
        } while (sessions.containsKey(id));
        return id;
    }

    /** The state change is done and visible; a failing listener must not turn it into an error for the caller. */
    private void report(String event, Consumer<SessionEvents> call) {
        try {
            call.accept(events);
        } catch (RuntimeException e) {
            log.warn("A SessionEvents listener failed on {}", event, e);
        }
    }
}
