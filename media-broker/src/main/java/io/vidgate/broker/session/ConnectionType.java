package io.vidgate.broker.session;

/** OpenVidu's connection types. Only {@code WEBRTC} connections exist in Vidgate; {@code IPCAM} is refused upstream. */
public enum ConnectionType {
    WEBRTC,
    IPCAM
}
