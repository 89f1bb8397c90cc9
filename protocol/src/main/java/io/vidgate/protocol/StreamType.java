package io.vidgate.protocol;

/**
 * The kind of a published stream, as OpenVidu encodes it in the stream id: the first three letters of
 * {@code typeOfVideo} ({@code CAMERA}, {@code SCREEN}, {@code CUSTOM}, {@code IPCAM}), or {@code MIC} when the
 * stream has no video (openvidu-server uses {@code "MICRO"} then).
 */
public enum StreamType {
    CAMERA("CAM"),
    SCREEN("SCR"),
    CUSTOM("CUS"),
    IPCAM("IPC"),
    /** Audio only: {@code hasVideo} is false. */
    MICRO("MIC");

    private final String code;

    StreamType(String code) {
        this.code = code;
    }

    /** The three-letter code inside stream ids. */
    public String code() {
        return code;
    }

    /**
     * The stream type of a {@code publishVideo} request.
     *
     * @param typeOfVideo the request's {@code typeOfVideo} ({@code CAMERA}, {@code SCREEN}, {@code CUSTOM},
     *                    {@code IPCAM}; case-sensitive, as sent by openvidu-browser); ignored when there is no video
     * @throws IllegalArgumentException for an unknown type of a video stream
     */
    public static StreamType of(String typeOfVideo, boolean hasVideo) {
        if (!hasVideo) {
            return MICRO;
        }
        for (StreamType type : values()) {
            if (type != MICRO && type.name().equals(typeOfVideo)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown typeOfVideo " + LogSafe.quote(typeOfVideo)
                + "; expected CAMERA, SCREEN, CUSTOM or IPCAM");
    }

    static StreamType ofCode(String code) {
        for (StreamType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        return null;
    }
}
