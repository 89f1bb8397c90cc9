package io.vidgate.protocol.rpc;

/**
 * The JSON-RPC notifications an OpenVidu 2.32 server sends its clients: the handlers openvidu-browser 2.32.2
 * registers in {@code OpenVidu.ts} ({@code initJsonRpcClient}), checked against openvidu-server 2.32.1's
 * {@code ProtocolElements}. Vidgate sends some of them; the others are named so that nothing else reuses their names.
 */
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
    /** {property, newValue}: this participant's role or record flag was changed through the REST API. */
    public static final String CONNECTION_PROPERTY_CHANGED = "connectionPropertyChanged";
    /** {connectionId, newValue, oldValue}: a participant's network quality level (1 to 5) changed. */
    public static final String NETWORK_QUALITY_LEVEL_CHANGED = "networkQualityLevelChanged";
    /** {data, from, type}: a signal. */
    public static final String SEND_MESSAGE = "sendMessage";
    /** {senderConnectionId, endpointName, candidate, sdpMid, sdpMLineIndex}: a Kurento ICE candidate. */
    public static final String ICE_CANDIDATE = "iceCandidate";
    /** {error}: the media of this participant (or session) failed. */
    public static final String MEDIA_ERROR = "mediaError";
    /** {connectionId, streamId, filterType, eventType, data}: an event of a filter the client listens to. */
    public static final String FILTER_EVENT_DISPATCHED = "filterEventDispatched";
    /** {connectionId, streamId, sdpOffer}: the server renegotiates a subscription (the client answers with an SDP). */
    public static final String FORCIBLY_RECONNECT_SUBSCRIBER = "forciblyReconnectSubscriber";
    /** {id, name}: the session's recording started. */
    public static final String RECORDING_STARTED = "recordingStarted";
    /** {id, name, reason}: the session's recording stopped. */
    public static final String RECORDING_STOPPED = "recordingStopped";
    /** No params: the session's broadcast started. */
    public static final String BROADCAST_STARTED = "broadcastStarted";
    /** No params: the session's broadcast stopped. */
    public static final String BROADCAST_STOPPED = "broadcastStopped";
    /** {timestamp, streamId, connectionId, sessionId, text, reason, raw, lang}: a transcription. */
    public static final String SPEECH_TO_TEXT_MESSAGE = "speechToTextMessage";
    /** {message}: the speech-to-text service went away. */
    public static final String SPEECH_TO_TEXT_DISCONNECTED = "speechToTextDisconnected";
    /** No params: a master node crashed (multi-master OpenVidu); the client ends the session as {@code nodeCrashed}. */
    public static final String MASTER_NODE_CRASHED = "masterNodeCrashedNotification";
    /** {sessionId}: sent by openvidu-server, ignored by openvidu-browser (it has no handler). */
    public static final String ROOM_CLOSED = "roomClosed";

    private OpenViduNotifications() {
    }
}
