package io.vidgate.broker.room;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.kms.KmsNode;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.room.RoomException.Problem;
import io.vidgate.broker.session.SessionLimits;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's rooms, by session id: where a session is created, found and closed, and where a participant that
 * resumes on a new socket is found by its resume id. A room leaves this directory when it closes, so its id is free
 * again at once (OpenVidu's {@code customSessionId} can be used again after the session ended). Thread-safe.
 */
public final class Rooms implements RoomHost, PipelineManager.MediaServerListener {

    private static final Logger log = LoggerFactory.getLogger(Rooms.class);

    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Room> byResumeId = new ConcurrentHashMap<>();
    /** Makes "check the cap and the custom id, then add" atomic; creating sessions is rare enough for one lock. */
    private final Object creation = new Object();
    private final RoomContext context;

    public Rooms(SessionLimits limits, Clock clock, PipelineManager pipelines, Function<String, IceConfig> ice,
            FactStream facts) {
        this.context = new RoomContext(limits, clock, pipelines, ice, facts, this, new MediaListeners());
        pipelines.addMediaServerListener(this);
    }

    /** Tells {@code listener} of every room's streams from now on (the recordings' media). */
    public void addMediaListener(RoomMediaListener listener) {
        context.media().add(listener);
    }

    /**
     * @throws RoomException {@code SESSION_EXISTS} for a custom id in use, {@code TOO_MANY_SESSIONS} at the cap
     */
    public Room create(SessionProperties properties) {
        synchronized (creation) {
            String custom = properties.customSessionId();
            if (custom != null && rooms.containsKey(custom)) {
                throw new RoomException(Problem.SESSION_EXISTS, "Session " + custom + " already exists");
            }
            if (rooms.size() >= context.limits().maxSessions()) {
                throw new RoomException(Problem.TOO_MANY_SESSIONS, "The broker already holds " + rooms.size()
                        + " sessions, the maximum (vidgate.sessions.max-sessions)");
            }
            String id = custom != null ? custom : freshSessionId();
            Room room = new Room(id, context.clock().millis(), properties, context);
            rooms.put(id, room);
            return room;
        }
    }

    public Optional<Room> room(String sessionId) {
        return Optional.ofNullable(sessionId == null ? null : rooms.get(sessionId));
    }

    /** @throws RoomException {@code UNKNOWN_SESSION} */
    public Room existing(String sessionId) {
        return room(sessionId).orElseThrow(
                () -> new RoomException(Problem.UNKNOWN_SESSION, "No session " + LogSafe.quote(sessionId)));
    }

    public Optional<SessionSnapshot> session(String sessionId) {
        return room(sessionId).map(Room::snapshot);
    }

    /** All sessions, oldest first. */
    public List<SessionSnapshot> sessions() {
        return rooms.values().stream()
                .map(Room::snapshot)
                .sorted(Comparator.comparingLong(SessionSnapshot::createdAt).thenComparing(SessionSnapshot::id))
                .toList();
    }

    public int sessionCount() {
        return rooms.size();
    }

    /** @return the session as it was; empty when there was none */
    public Optional<SessionSnapshot> close(String sessionId, EndReason reason) {
        return room(sessionId).flatMap(room -> room.close(reason));
    }

    /** The room of the participant that joined with this resume id and is still there. */
    public Optional<Room> roomOfResumeId(String resumeId) {
        return Optional.ofNullable(resumeId == null ? null : byResumeId.get(resumeId));
    }

    /**
     * Closes every session nobody is in that was created more than {@code threshold} ago (OpenVidu's garbage
     * collector for sessions created through the REST API that nobody joined): its pending tokens stop working.
     *
     * @return how many were closed
     */
    public int collectGarbage(Duration threshold) {
        long before = context.clock().millis() - threshold.toMillis();
        int collected = 0;
        for (Room room : rooms.values()) {
            if (room.createdAt() < before && room.closeIfUnused(EndReason.SESSION_CLOSED_BY_SERVER)) {
                log.info("Session {} was created {} ago and nobody is in it: closed", room.id(),
                        Duration.ofMillis(context.clock().millis() - room.createdAt()));
                collected++;
            }
        }
        return collected;
    }

    // ---- RoomHost

    @Override
    public void closed(Room room) {
        rooms.remove(room.id(), room);
    }

    @Override
    public void resumable(String resumeId, Room room) {
        byResumeId.put(resumeId, room);
    }

    @Override
    public void notResumable(String resumeId) {
        if (resumeId != null) {
            byResumeId.remove(resumeId);
        }
    }

    // ---- PipelineManager.MediaServerListener

    @Override
    public void mediaServerLost(KmsNode node, String why, List<String> sessionIds) {
        context.facts().publish(new Fact.MediaServerLost(context.clock().millis(), node.uri().toString(), why, sessionIds));
    }

    @Override
    public void mediaServerRecovered(KmsNode node) {
        context.facts().publish(new Fact.MediaServerRecovered(context.clock().millis(), node.uri().toString()));
    }

    private String freshSessionId() {
        String id;
        do {
            id = SessionIds.generate();
        } while (rooms.containsKey(id));
        return id;
    }
}
