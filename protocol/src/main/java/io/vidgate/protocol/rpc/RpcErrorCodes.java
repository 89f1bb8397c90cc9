package io.vidgate.protocol.rpc;

/**
 * JSON-RPC error codes: the JSON-RPC 2.0 ones for protocol faults; for refusals, those of OpenVidu 2's
 * {@code OpenViduException.Code}, which openvidu-browser passes to the app as {@code error.code}.
 */
public final class RpcErrorCodes {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    public static final int USER_NOT_FOUND = 102;
    public static final int USER_NOT_STREAMING = 105;
    public static final int ROOM_NOT_FOUND = 202;
    public static final int MEDIA_GENERIC = 301;
    public static final int MEDIA_SDP = 302;
    public static final int MEDIA_WEBRTC_ENDPOINT = 304;
    public static final int USER_UNAUTHORIZED = 401;
    /**
     * A filter could not be applied: openvidu-server's answer to a publishVideo {@code filter} its token does not
     * allow, or that is malformed; Vidgate's to any publish-time filter until it applies filters.
     */
    public static final int FILTER_NOT_APPLIED = 406;
    public static final int USER_METADATA_FORMAT_INVALID = 500;
    public static final int SIGNAL_FORMAT_INVALID = 600;
    public static final int SIGNAL_TO_INVALID = 601;
    /** The session's forcedVideoCodec is not in the SDP and the session does not allow transcoding. */
    public static final int FORCED_CODEC_NOT_FOUND_IN_SDPOFFER = 800;
    public static final int GENERIC = 999;
    /**
     * What openvidu-browser's reconnection code recognises as "this server does not know you" ({@code OpenVidu.js}):
     * it then gives up resuming and tells the app the session was lost.
     */
    public static final int RECONNECTION_ERROR = 40007;
    /**
     * Vidgate's own, not OpenVidu's: the gateway admitted a joinRoom or a resume but could not reach the broker. HTTP's
     * 503, so that an app can tell "try again" from a refusal.
     */
    public static final int SERVICE_UNAVAILABLE = 503;

    private RpcErrorCodes() {
    }
}
