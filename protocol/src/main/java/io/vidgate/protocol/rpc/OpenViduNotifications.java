package io.vidgate.protocol.rpc;

/** The JSON-RPC notifications the server sends an OpenVidu 2.32 client (openvidu-browser's {@code OpenVidu.ts}). */
public final class OpenViduNotifications {

    /** {id, createdAt, metadata}: another participant joined. */
    public static final String PARTICIPANT_JOINED = "participantJoined";
    /** {connectionId, reason}: another participant left. */
    public static final String PARTICIPANT_LEFT = "participantLeft";
    /** {connectionId, reason}: this participant, or the whole session, was closed by force. */
    public static final String PARTICIPANT_EVICTED = "participantEvicted";
    /** {id, createdAt, metadata, streams}: another participant published. */
    public static final String PARTICIPANT_PUBLISHED = "participantPublished";
    /** {connectionId, reason}: a stream stopped. */
    public static final String PARTICIPANT_UNPUBLISHED = "participantUnpublished";
    /** {connectionId, streamId, property, newValue, reason}. */
    public static final String STREAM_PROPERTY_CHANGED = "streamPropertyChanged";
    /** {data, from, type}: a signal. */
    public static final String SEND_MESSAGE = "sendMessage";
    /** {senderConnectionId, endpointName, candidate, sdpMid, sdpMLineIndex}: a Kurento ICE candidate. */
    public static final String ICE_CANDIDATE = "iceCandidate";
    /** {error}: the media of this participant (or session) failed. */
    public static final String MEDIA_ERROR = "mediaError";

    private OpenViduNotifications() {
    }
}
