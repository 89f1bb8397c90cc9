package io.vidgate.broker.signaling;

/**
 * A request refused with a JSON-RPC error; the socket and the session stay as they were.
 *
 * <p>Codes: the JSON-RPC 2.0 ones for protocol faults; for refusals, those of OpenVidu 2's
 * {@code OpenViduException.Code} (checked in OpenVidu's public source: USER_UNAUTHORIZED 401, USER_NOT_FOUND 102,
 * USER_NOT_STREAMING 105, ROOM_NOT_FOUND 202, MEDIA_GENERIC 301, MEDIA_SDP 302, MEDIA_WEBRTC_ENDPOINT 304,
 * USER_METADATA_FORMAT_INVALID 500, SIGNAL_FORMAT_INVALID 600, SIGNAL_TO_INVALID 601, GENERIC 999).
 * openvidu-browser passes {@code error.code} and {@code error.message} to the app.
 */
public class RpcException extends RuntimeException {

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
    public static final int USER_METADATA_FORMAT_INVALID = 500;
    public static final int SIGNAL_FORMAT_INVALID = 600;
    public static final int SIGNAL_TO_INVALID = 601;
    public static final int GENERIC = 999;

    /** The method needs a joined participant ({@code joinRoom} first): OpenVidu's USER_UNAUTHORIZED. */
    public static final int NOT_JOINED = USER_UNAUTHORIZED;
    /** The participant's role does not allow this method (e.g. a SUBSCRIBER publishing). */
    public static final int FORBIDDEN_ROLE = USER_UNAUTHORIZED;

    private final int code;

    public RpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
