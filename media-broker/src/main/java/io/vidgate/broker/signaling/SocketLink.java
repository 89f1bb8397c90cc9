package io.vidgate.broker.signaling;

import io.vidgate.broker.room.ParticipantLink;
import io.vidgate.broker.room.StreamPropertyChange;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.OpenViduNotifications;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A participant's {@link ParticipantLink}: OpenVidu 2's notifications, on whichever socket the participant is on now.
 * A participant that resumes on a new socket ({@code connect}) keeps its link, which {@link #moveTo moves}: what the
 * room sends from then on follows it.
 */
final class SocketLink implements ParticipantLink {

    private final OpenViduSignalingHandler handler;
    private volatile SocketSession socket;
    private volatile SocketSession.Participant participant;

    SocketLink(OpenViduSignalingHandler handler, SocketSession socket) {
        this.handler = handler;
        this.socket = socket;
    }

    SocketSession socket() {
        return socket;
    }

    /** The participant on this link, once it joined. */
    SocketSession.Participant participant() {
        return participant;
    }

    void joined(SocketSession.Participant participant) {
        this.participant = participant;
    }

    /** The participant resumed on {@code next}; returns the socket it was on. */
    synchronized SocketSession moveTo(SocketSession next) {
        SocketSession previous = socket;
        socket = next;
        return previous;
    }

    @Override
    public void participantJoined(ConnectionSnapshot joined) {
        ObjectNode params = params();
        params.put("id", joined.id());
        params.put("createdAt", joined.createdAt());
        params.put("metadata", joined.clientData());
        send(OpenViduNotifications.PARTICIPANT_JOINED, params);
    }

    @Override
    public void participantLeft(String connectionId, EndReason reason) {
        send(OpenViduNotifications.PARTICIPANT_LEFT, reason(connectionId, reason));
    }

    @Override
    public void participantEvicted(String connectionId, EndReason reason) {
        send(OpenViduNotifications.PARTICIPANT_EVICTED, reason(connectionId, reason));
    }

    @Override
    public void participantPublished(ConnectionSnapshot publisher) {
        send(OpenViduNotifications.PARTICIPANT_PUBLISHED, JoinRoomMethod.participant(publisher));
    }

    @Override
    public void participantUnpublished(String connectionId, EndReason reason) {
        send(OpenViduNotifications.PARTICIPANT_UNPUBLISHED, reason(connectionId, reason));
    }

    /** newValue is the JSON text of what was sent, which is what openvidu-browser parses. */
    @Override
    public void streamPropertyChanged(StreamPropertyChange change) {
        ObjectNode params = params();
        params.put("connectionId", change.connectionId());
        params.put("streamId", change.streamId());
        params.put("property", change.property());
        params.put("newValue", change.newValue());
        params.put("reason", change.reason());
        send(OpenViduNotifications.STREAM_PROPERTY_CHANGED, params);
    }

    /** {data, from, type}; {@code from} absent when the server sent it. */
    @Override
    public void signal(Signal signal) {
        ObjectNode params = params();
        params.put("data", signal.data() == null ? "" : signal.data());
        if (signal.from() != null) {
            params.put("from", signal.from());
        }
        params.put("type", signal.type() == null ? "signal" : signal.type());
        send(OpenViduNotifications.SEND_MESSAGE, params);
    }

    @Override
    public void iceCandidate(String senderConnectionId, String endpointName, String candidate, String sdpMid,
            int sdpMLineIndex) {
        ObjectNode params = params();
        params.put("senderConnectionId", senderConnectionId);
        params.put("endpointName", endpointName);
        params.put("candidate", candidate);
        params.put("sdpMid", sdpMid);
        params.put("sdpMLineIndex", sdpMLineIndex);
        send(OpenViduNotifications.ICE_CANDIDATE, params);
    }

    @Override
    public void mediaError(String error) {
        ObjectNode params = params();
        params.put("error", error);
        send(OpenViduNotifications.MEDIA_ERROR, params);
    }

    /** {id, name}, as openvidu-server's sendRecordingStartedNotification. */
    @Override
    public void recordingStarted(String recordingId, String recordingName) {
        ObjectNode params = params();
        params.put("id", recordingId);
        params.put("name", recordingName);
        send(OpenViduNotifications.RECORDING_STARTED, params);
    }

    /** {id, name, reason}; openvidu-browser's recordingStopped event carries the reason. */
    @Override
    public void recordingStopped(String recordingId, String recordingName, EndReason reason) {
        ObjectNode params = params();
        params.put("id", recordingId);
        params.put("name", recordingName);
        params.put("reason", reason == null ? "" : reason.wireName());
        send(OpenViduNotifications.RECORDING_STOPPED, params);
    }

    /**
     * The server closes the socket, or the socket is freed for the client to close (or join again on). Either way,
     * what its closing triggers finds the participant gone from the room and does nothing.
     */
    @Override
    public void detach(boolean close) {
        SocketSession current = socket;
        if (close) {
            current.closeSocket();
        } else {
            current.joined(null);
        }
    }

    private void send(String method, ObjectNode params) {
        handler.notify(socket, method, params);
    }

    private static ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode reason(String connectionId, EndReason reason) {
        ObjectNode params = params();
        params.put("connectionId", connectionId);
        params.put("reason", reason.wireName());
        return params;
    }
}
