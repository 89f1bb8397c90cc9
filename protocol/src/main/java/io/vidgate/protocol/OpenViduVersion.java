package io.vidgate.protocol;

/** The OpenVidu line Vidgate speaks: what openvidu-browser and the server SDKs of that version expect. */
public final class OpenViduVersion {

    /** Reported as openvidu-server's version ({@code GET /openvidu/api/config}, joinRoom's {@code version}). */
    public static final String COMPATIBLE = "2.32.1";

    private OpenViduVersion() {
    }
}
