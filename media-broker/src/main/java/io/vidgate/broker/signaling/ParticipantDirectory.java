package io.vidgate.broker.signaling;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.node.ObjectNode;

/**
 * Which socket each joined participant is on, per session: where notifications go; and each participant's RPC
 * session id, which {@code connect} presents to resume on a new socket. Thread-safe.
 */
final class ParticipantDirectory {

    private final Map<String, Map<String, SocketSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, SocketSession.Participant> byRpcSessionId = new ConcurrentHashMap<>();
    private final Map<String, String> rpcSessionIdOf = new ConcurrentHashMap<>();
    private final OpenViduSignalingHandler handler;

    ParticipantDirectory(OpenViduSignalingHandler handler) {
        this.handler = handler;
    }

    /** Puts the participant on {@code socket}, replacing the socket it was on (a resume); that old one is returned. */
    SocketSession add(SocketSession.Participant participant, SocketSession socket) {
        byRpcSessionId.put(participant.rpcSessionId(), participant);
        rpcSessionIdOf.put(participant.connectionId(), participant.rpcSessionId());
        return sessions.computeIfAbsent(participant.sessionId(), id -> new ConcurrentHashMap<>())
                .put(participant.connectionId(), socket);
    }

    void remove(String sessionId, String connectionId) {
        sessions.computeIfPresent(sessionId, (id, members) -> {
            members.remove(connectionId);
            return members.isEmpty() ? null : members;
        });
        forgetRpcSessionId(connectionId);
    }

    /** The participant that joined with this RPC session id and has not left. */
    SocketSession.Participant byRpcSessionId(String rpcSessionId) {
        return rpcSessionId == null ? null : byRpcSessionId.get(rpcSessionId);
    }

    private void forgetRpcSessionId(String connectionId) {
        String rpcSessionId = rpcSessionIdOf.remove(connectionId);
        if (rpcSessionId != null) {
            byRpcSessionId.remove(rpcSessionId);
        }
    }

    /** Removes the participant only while it is still on {@code socket} (not resumed elsewhere meanwhile). */
    boolean removeIfOn(String sessionId, String connectionId, SocketSession socket) {
        boolean[] removed = {false};
        sessions.computeIfPresent(sessionId, (id, members) -> {
            removed[0] = members.remove(connectionId, socket);
            return members.isEmpty() ? null : members;
        });
        if (removed[0]) {
            forgetRpcSessionId(connectionId);
        }
        return removed[0];
    }

    /** Sends a notification to one participant, if it is connected. */
    void notify(String sessionId, String connectionId, String method, ObjectNode params) {
        SocketSession socket = socketOf(sessionId, connectionId);
        if (socket != null) {
            handler.notify(socket, method, params);
        }
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
