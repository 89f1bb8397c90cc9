package io.vidgate.protocol;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stream ids in OpenVidu's format, {@code str_<CAM|SCR|CUS|IPC|MIC>_<4 chars>_<connection id>}, for example
 * {@code str_CAM_Xy3q_con_Ab12cd34EF}. Clients (openvidu-browser) treat them as opaque, but the broker reads the
 * publisher's connection id back out of them, as openvidu-server does.
 */
public final class StreamIds {
    public static final String PREFIX = "str_";

    private static final Pattern VALID = Pattern.compile("str_(CAM|SCR|CUS|IPC|MIC)_[A-Za-z0-9]{4}_(con_[A-Za-z0-9]{10})");

    private StreamIds() {
    }

    /** A new stream id for a stream published by {@code connectionId}. */
    public static String generate(StreamType type, String connectionId) {
        if (type == null) {
            throw new IllegalArgumentException("stream type is required");
        }
        ConnectionIds.requireValid(connectionId);
        return PREFIX + type.code() + "_" + Ids.openViduRandomPart(4) + "_" + connectionId;
    }

    public static boolean isValid(String streamId) {
        return streamId != null && VALID.matcher(streamId).matches();
    }

    /** The publisher's connection id, or empty when {@code streamId} is not a valid stream id. */
    public static Optional<String> connectionIdOf(String streamId) {
        Matcher matcher = streamId == null ? null : VALID.matcher(streamId);
        return matcher != null && matcher.matches() ? Optional.of(matcher.group(2)) : Optional.empty();
    }

    /** The stream's type, or empty when {@code streamId} is not a valid stream id. */
    public static Optional<StreamType> typeOf(String streamId) {
        Matcher matcher = streamId == null ? null : VALID.matcher(streamId);
        return matcher != null && matcher.matches() ? Optional.of(StreamType.ofCode(matcher.group(1))) : Optional.empty();
    }
}
