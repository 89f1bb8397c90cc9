package io.vidgate.broker.signaling;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * Which socket each joined participant is on, per session: where notifications go. Thread-safe.
 */
final class ParticipantDirectory {

    private final Map<String, Map<String, SocketSession>> sessions = new ConcurrentHashMap<>();
    private final OpenViduSignalingHandler handler;

    ParticipantDirectory(OpenViduSignalingHandler handler) {
        this.handler = handler;
    }

    void add(String sessionId, String connectionId, SocketSession socket) {
        sessions.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>()).put(connectionId, socket);
    }

    void remove(String sessionId, String connectionId) {
        sessions.computeIfPresent(sessionId, (id, members) -> {
            members.remove(connectionId);
            return members.isEmpty() ? null : members;
        });
    }

    SocketSession socketOf(String sessionId, String connectionId) {
        Map<String, SocketSession> members = sessions.get(sessionId);
        return members == null ? null : members.get(connectionId);
    }

    List<String> members(String sessionId) {
        Map<String, SocketSession> members = sessions.get(sessionId);
        return members == null ? List.of() : List.copyOf(members.keySet());
    }

    /** Sends a notification to every participant of the session but {@code except} (may be null). */
    void notifyOthers(String sessionId, String except, String method, ObjectNode params) {
        Map<String, SocketSession> members = sessions.get(sessionId);
        if (members == null) {
            return;
        }
        members.forEach((connectionId, socket) -> {
            if (!connectionId.equals(except)) {
                handler.notify(socket, method, params);
            }
        });
    }
}
