package io.vidgate.protocol.rpc;

import java.util.Objects;

/**
 * The {@code error} member of a JSON-RPC 2.0 answer: openvidu-browser hands {@code code} and {@code message} to the
 * app's callback, and reads a few pairs itself ({@link #RECONNECTION}).
 *
 * @param code one of {@link RpcErrorCodes}
 */
public record JsonRpcError(int code, String message) {

    /**
     * kurento-jsonrpc's answer to a {@link OpenViduMethods#CONNECT} for an rpcSessionId the server does not know.
     * openvidu-browser matches both the code and the message ({@code OpenVidu.ts}: {@code error.code === 40007 &&
     * error.message === 'reconnection error'}) and only then reports {@code networkDisconnect} and stops resuming.
     */
    public static final JsonRpcError RECONNECTION = new JsonRpcError(RpcErrorCodes.RECONNECTION_ERROR,
            "reconnection error");

    public JsonRpcError {
        Objects.requireNonNull(message, "message");
    }
}
