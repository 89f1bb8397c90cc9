package io.vidgate.gateway.edge;

import java.util.Locale;

/** Why the edge refused a {@code /openvidu} client; the {@code reason} tag of {@code vidgate.edge.refused}. */
public enum EdgeRefusal {
    /** The handshake's Origin is not in {@code vidgate.public.allowed-origins} (403). */
    BAD_ORIGIN,
    /** The client IP started more than {@code vidgate.edge.handshakes-per-ip-per-minute} handshakes (429). */
    RATE_LIMITED,
    /** {@code vidgate.edge.max-connections} sockets are already open (503). */
    TOO_MANY_CONNECTIONS,
    /** The gateway is shutting down (503). */
    SHUTTING_DOWN,
    /** No first frame within {@code vidgate.edge.first-frame-timeout}. */
    FIRST_FRAME_TIMEOUT,
    /** The first frame is larger than {@code vidgate.edge.max-first-frame-bytes}. */
    FIRST_FRAME_TOO_LARGE,
    /** The first frame is not a JSON-RPC 2.0 {@code joinRoom} request (binary, not JSON, another method…). */
    NOT_JOIN_ROOM,
    /**
     * The first frame is openvidu-browser's resume ({@code connect {sessionId, reconnect: true}}) with an rpcSessionId
     * this gateway did not learn from a joinRoom it piped, or whose {@code vidgate.edge.resume-window} passed.
     */
    UNKNOWN_RESUME,
    /** No token, or the token was refused by the verifier. */
    BAD_TOKEN,
    /**
     * The client broke the WebSocket protocol before its first frame was admitted (an unmasked frame, reserved bits
     * or opcode, invalid UTF-8 text, a bad close code…); Netty closed the socket with 1002 or 1007.
     */
    BAD_FRAME,
    /** The client closed before sending its first frame. */
    CLOSED_BEFORE_JOIN,
    /** The broker could not be reached after a valid {@code joinRoom}. */
    BROKER_UNAVAILABLE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
