package io.vidgate.broker.signaling;

import io.vidgate.protocol.rpc.RpcErrorCodes;

/**
 * A request refused with a JSON-RPC error; the socket and the session stay as they were.
 *
 * <p>The codes are {@link RpcErrorCodes}, shared with the gateway, which answers refused first frames itself. The
 * constants below are aliases kept so that the signaling classes can still write {@code RpcException.X}.
 * openvidu-browser passes {@code error.code} and {@code error.message} to the app.
 */
public class RpcException extends RuntimeException {

    public static final int PARSE_ERROR = RpcErrorCodes.PARSE_ERROR;
    public static final int INVALID_REQUEST = RpcErrorCodes.INVALID_REQUEST;
    public static final int METHOD_NOT_FOUND = RpcErrorCodes.METHOD_NOT_FOUND;
    public static final int INVALID_PARAMS = RpcErrorCodes.INVALID_PARAMS;
    public static final int INTERNAL_ERROR = RpcErrorCodes.INTERNAL_ERROR;

    public static final int USER_NOT_FOUND = RpcErrorCodes.USER_NOT_FOUND;
    public static final int USER_NOT_STREAMING = RpcErrorCodes.USER_NOT_STREAMING;
    public static final int ROOM_NOT_FOUND = RpcErrorCodes.ROOM_NOT_FOUND;
    public static final int MEDIA_GENERIC = RpcErrorCodes.MEDIA_GENERIC;
    public static final int MEDIA_SDP = RpcErrorCodes.MEDIA_SDP;
    public static final int MEDIA_WEBRTC_ENDPOINT = RpcErrorCodes.MEDIA_WEBRTC_ENDPOINT;
    public static final int USER_UNAUTHORIZED = RpcErrorCodes.USER_UNAUTHORIZED;
    public static final int USER_METADATA_FORMAT_INVALID = RpcErrorCodes.USER_METADATA_FORMAT_INVALID;
    public static final int SIGNAL_FORMAT_INVALID = RpcErrorCodes.SIGNAL_FORMAT_INVALID;
    public static final int SIGNAL_TO_INVALID = RpcErrorCodes.SIGNAL_TO_INVALID;
    public static final int GENERIC = RpcErrorCodes.GENERIC;

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
