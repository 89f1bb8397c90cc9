package io.vidgate.protocol.rpc;

/**
 * The JSON-RPC methods an OpenVidu 2.32 client sends on {@code /openvidu} (openvidu-browser 2.32.2's
 * {@code OpenVidu.ts}, {@code Session.ts}, {@code Stream.ts}, {@code Publisher.ts}, {@code Filter.ts},
 * {@code Connection.ts} and its kurento-jsonrpc heartbeat; openvidu-server 2.32.1's {@code ProtocolElements}), with
 * their params. The nested classes name the params and result fields that both the gateway and the broker read.
 */
public final class OpenViduMethods {

    /** {interval} on the first ping only, otherwise none: kurento-jsonrpc's heartbeat, answered {@link PingResult}. */
    public static final String PING = "ping";
    /** {@link JoinRoomParams}, metadata, platform, sdkVersion, recorder, stt: answered {@link JoinRoomResult}. */
    public static final String JOIN_ROOM = "joinRoom";
    /** {@link ConnectParams}: resumes a participant on a new socket after its socket dropped. */
    public static final String CONNECT = "connect";
    /** {sessionId}: asked after a resume was refused, only with several master nodes (multi-master OpenVidu). */
    public static final String SESSION_STATUS = "sessionStatus";
    /** No params: leaves the session. */
    public static final String LEAVE_ROOM = "leaveRoom";
    /**
     * {sdpOffer, doLoopback, hasAudio, hasVideo, audioActive, videoActive, typeOfVideo, frameRate, videoDimensions,
     * filter}: publishes this participant's stream.
     */
    public static final String PUBLISH_VIDEO = "publishVideo";
    /** No params: stops this participant's stream. */
    public static final String UNPUBLISH_VIDEO = "unpublishVideo";
    /** {sender, reconnect}: asks the server for the offer of a remote stream (server-offered subscription). */
    public static final String PREPARE_RECEIVE_VIDEO_FROM = "prepareReceiveVideoFrom";
    /** {sender, sdpOffer} or {sender, sdpAnswer}: subscribes to a remote stream. */
    public static final String RECEIVE_VIDEO_FROM = "receiveVideoFrom";
    /** {sender}: stops a subscription. */
    public static final String UNSUBSCRIBE_FROM_VIDEO = "unsubscribeFromVideo";
    /** {endpointName, candidate, sdpMid, sdpMLineIndex}: a browser ICE candidate. */
    public static final String ON_ICE_CANDIDATE = "onIceCandidate";
    /** {message}: a signal, {@code message} being the JSON text {to, data, type}. */
    public static final String SEND_MESSAGE = "sendMessage";
    /** {streamId, property, newValue, reason}: audioActive, videoActive, videoDimensions or filter changed. */
    public static final String STREAM_PROPERTY_CHANGED = "streamPropertyChanged";
    /** {height, width, videoActive, audioActive}: Chromium clients report their video size every few seconds. */
    public static final String VIDEO_DATA = "videoData";
    /** {stream, sdpOffer or sdpString, forciblyReconnect}: renegotiates a stream's WebRTC connection. */
    public static final String RECONNECT_STREAM = "reconnectStream";
    /** No params: openvidu-browser probes the socket with it when ICE fails. */
    public static final String ECHO = "echo";
    /** {connectionId}: a moderator evicts a participant. */
    public static final String FORCE_DISCONNECT = "forceDisconnect";
    /** {streamId}: a moderator stops a participant's stream. */
    public static final String FORCE_UNPUBLISH = "forceUnpublish";
    /** {streamId, type, options}: adds a Kurento filter to a stream. */
    public static final String APPLY_FILTER = "applyFilter";
    /** {streamId}: removes a stream's filter. */
    public static final String REMOVE_FILTER = "removeFilter";
    /** {streamId, method, params}: calls a method of a stream's filter. */
    public static final String EXEC_FILTER_METHOD = "execFilterMethod";
    /** {streamId, eventType}: asks for a filter's events, sent back as filterEventDispatched. */
    public static final String ADD_FILTER_EVENT_LISTENER = "addFilterEventListener";
    /** {streamId, eventType}: stops a filter's events. */
    public static final String REMOVE_FILTER_EVENT_LISTENER = "removeFilterEventListener";
    /** {connectionId, lang}: asks for the transcription of a participant's audio. */
    public static final String SUBSCRIBE_TO_SPEECH_TO_TEXT = "subscribeToSpeechToText";
    /** {connectionId}: stops a transcription. */
    public static final String UNSUBSCRIBE_FROM_SPEECH_TO_TEXT = "unsubscribeFromSpeechToText";

    private OpenViduMethods() {
    }

    /** The {@link #JOIN_ROOM} params the gateway checks before the broker sees the request. */
    public static final class JoinRoomParams {

        /** The session id, which the token's session must match. */
        public static final String SESSION = "session";
        /** The connection token (a token URL or a bare JWT). */
        public static final String TOKEN = "token";
        /** OpenVidu's secret, sent only by OpenVidu's own recorder and speech-to-text participants: always refused. */
        public static final String SECRET = "secret";

        private JoinRoomParams() {
        }
    }

    /** The fields of the {@link #JOIN_ROOM} result that more than one side reads. */
    public static final class JoinRoomResult {

        /**
         * The participant's rpcSessionId, not the OpenVidu session: openvidu-browser keeps it ({@code Connection.ts}
         * {@code rpcSessionId = localOptions.sessionId}) and sends it back in {@link ConnectParams#SESSION_ID} to
         * resume. The broker writes it; the gateway reads it to know which resumes to admit.
         */
        public static final String SESSION_ID = "sessionId";

        private JoinRoomResult() {
        }
    }

    /** The {@link #CONNECT} params: {sessionId: the joinRoom result's sessionId, reconnect: true}. */
    public static final class ConnectParams {

        /** The {@link JoinRoomResult#SESSION_ID} of the participant to resume. */
        public static final String SESSION_ID = "sessionId";
        /** Always {@code true} from openvidu-browser. */
        public static final String RECONNECT = "reconnect";

        private ConnectParams() {
        }
    }

    /**
     * The {@link #PING} result, {@code {"value":"pong"}}: kurento-jsonrpc's client ({@code jsonrpcclient.js}) treats
     * any other result as an ordinary answer and logs it on every heartbeat.
     */
    public static final class PingResult {

        public static final String VALUE_FIELD = "value";
        public static final String PONG = "pong";

        private PingResult() {
        }
    }
}
