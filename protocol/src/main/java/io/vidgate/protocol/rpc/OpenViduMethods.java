package io.vidgate.protocol.rpc;

/**
 * The JSON-RPC methods an OpenVidu 2.32 client sends on {@code /openvidu} (openvidu-browser's {@code OpenVidu.ts},
 * {@code Session.ts}, {@code Stream.ts}; openvidu-server's {@code ProtocolElements}).
 */
public final class OpenViduMethods {

    public static final String PING = "ping";
    public static final String JOIN_ROOM = "joinRoom";
    /** Resumes a participant on a new socket: {sessionId: the joinRoom answer's sessionId, reconnect: true}. */
    public static final String CONNECT = "connect";
    public static final String LEAVE_ROOM = "leaveRoom";
    public static final String PUBLISH_VIDEO = "publishVideo";
    public static final String UNPUBLISH_VIDEO = "unpublishVideo";
    public static final String PREPARE_RECEIVE_VIDEO_FROM = "prepareReceiveVideoFrom";
    public static final String RECEIVE_VIDEO_FROM = "receiveVideoFrom";
    public static final String UNSUBSCRIBE_FROM_VIDEO = "unsubscribeFromVideo";
    public static final String ON_ICE_CANDIDATE = "onIceCandidate";
    public static final String SEND_MESSAGE = "sendMessage";
    public static final String STREAM_PROPERTY_CHANGED = "streamPropertyChanged";
    public static final String VIDEO_DATA = "videoData";
    public static final String RECONNECT_STREAM = "reconnectStream";
    public static final String FORCE_DISCONNECT = "forceDisconnect";
    public static final String FORCE_UNPUBLISH = "forceUnpublish";
    public static final String APPLY_FILTER = "applyFilter";
    public static final String REMOVE_FILTER = "removeFilter";
    public static final String EXEC_FILTER_METHOD = "execFilterMethod";
    public static final String ADD_FILTER_EVENT_LISTENER = "addFilterEventListener";
    public static final String REMOVE_FILTER_EVENT_LISTENER = "removeFilterEventListener";

    private OpenViduMethods() {
    }
}
