package io.vidgate.broker.room;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.rpc.EndReason;

/**
 * How a {@link Room} reaches one joined participant: the signaling layer implements it over the participant's socket
 * with OpenVidu's notifications. Every method only queues a frame and returns; none blocks.
 */
public interface ParticipantLink {

    void participantJoined(ConnectionSnapshot joined);

    void participantLeft(String connectionId, EndReason reason);

    /** This participant was removed by force (or its session closed). */
    void participantEvicted(String connectionId, EndReason reason);

    void participantPublished(ConnectionSnapshot publisher);

    void participantUnpublished(String connectionId, EndReason reason);

    void streamPropertyChanged(StreamPropertyChange change);

    void signal(Signal signal);

    /** A Kurento ICE candidate for one of this participant's endpoints. */
    void iceCandidate(String senderConnectionId, String endpointName, String candidate, String sdpMid, int sdpMLineIndex);

    void mediaError(String error);

    /** The session's recording started (OpenVidu's {@code recordingStarted}). */
    void recordingStarted(String recordingId, String recordingName);

    /** The session's recording stopped (OpenVidu's {@code recordingStopped}). */
    void recordingStopped(String recordingId, String recordingName, EndReason reason);

    /**
     * The participant is no longer on this link: it left, was removed, or resumed on another link. Whatever the link
     * is closed by from now on must not touch the participant.
     *
     * @param close whether the server ends the connection (a silent or non-reading socket, a resume elsewhere);
     *              otherwise the client closes it itself (openvidu-browser does after leaveRoom and participantEvicted)
     */
    void detach(boolean close);
}
