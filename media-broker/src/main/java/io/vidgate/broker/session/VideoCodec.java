package io.vidgate.broker.session;

/** OpenVidu's {@code forcedVideoCodec} values. */
public enum VideoCodec {
    MEDIA_SERVER_PREFERRED,
    NONE,
    VP8,
    VP9,
    H264;

    /**
     * The codec actually forced: Kurento prefers VP8, which is what openvidu-server resolves
     * {@code MEDIA_SERVER_PREFERRED} to when its media server is Kurento.
     */
    public VideoCodec resolvedForKurento() {
        return this == MEDIA_SERVER_PREFERRED ? VP8 : this;
    }
}
