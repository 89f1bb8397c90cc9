package io.vidgate.broker.admin;

import static io.vidgate.broker.admin.RequestFields.bool;
import static io.vidgate.broker.admin.RequestFields.enumValue;
import static io.vidgate.broker.admin.RequestFields.integer;
import static io.vidgate.broker.admin.RequestFields.longInteger;
import static io.vidgate.broker.admin.RequestFields.string;

import io.vidgate.broker.kms.VideoCodecProperties;
import io.vidgate.broker.session.MediaMode;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.broker.session.RecordingMode;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.VideoCodec;
import io.vidgate.protocol.SessionIds;
import tools.jackson.databind.JsonNode;

/** Reads the body of {@code POST /openvidu/api/sessions}, with openvidu-server's defaults and checks. */
final class SessionRequests {

    private SessionRequests() {
    }

    /** With openvidu-server's default codec (MEDIA_SERVER_PREFERRED) and no transcoding. */
    static SessionProperties parse(JsonNode requestBody) {
        return parse(requestBody, VideoCodecProperties.OPENVIDU_DEFAULTS);
    }

    /**
     * @param codecDefaults what a session created without {@code forcedVideoCodec} / {@code allowTranscoding} gets
     *                      ({@code vidgate.kurento.video-codec.*}), as openvidu-server fills them in from its
     *                      OPENVIDU_STREAMS_FORCED_VIDEO_CODEC / ALLOW_TRANSCODING
     */
    static SessionProperties parse(JsonNode requestBody, VideoCodecProperties codecDefaults) {
        JsonNode body = RequestFields.object(requestBody);
        SessionProperties defaults = SessionProperties.DEFAULT;
        MediaMode mediaMode = enumValue(body, "mediaMode", MediaMode.class);
        RecordingMode recordingMode = enumValue(body, "recordingMode", RecordingMode.class);
        VideoCodec codec = enumValue(body, "forcedVideoCodec", VideoCodec.class);
        Boolean allowTranscoding = bool(body, "allowTranscoding");
        String customSessionId = string(body, "customSessionId");
        if (customSessionId != null && !customSessionId.isEmpty() && !SessionIds.isValid(customSessionId)) {
            throw ApiException.badRequest("Parameter 'customSessionId' is wrong. Must be 1 to " + SessionIds.MAX_LENGTH
                    + " characters of [a-zA-Z0-9_-]");
        }
        // "mediaNode" (OpenVidu Pro) is accepted and ignored: there is one media node pool, chosen by the broker.
        return new SessionProperties(
                mediaMode != null ? mediaMode : defaults.mediaMode(),
                recordingMode != null ? recordingMode : defaults.recordingMode(),
                recordingDefaults(RequestFields.optionalObject(body, "defaultRecordingProperties")),
                customSessionId,
                codec != null ? codec : codecDefaults.forced(),
                allowTranscoding != null ? allowTranscoding : codecDefaults.allowTranscoding());
    }

    private static RecordingDefaults recordingDefaults(JsonNode properties) {
        if (properties == null) {
            return RecordingDefaults.DEFAULT;
        }
        try {
            return RecordingDefaults.of(string(properties, "name"), bool(properties, "hasAudio"),
                    bool(properties, "hasVideo"), string(properties, "outputMode"), string(properties, "recordingLayout"),
                    string(properties, "resolution"), integer(properties, "frameRate"), longInteger(properties, "shmSize"),
                    string(properties, "customLayout"), bool(properties, "ignoreFailedStreams"));
        } catch (IllegalArgumentException | ApiException invalid) {
            throw ApiException.badRequest("Parameter 'defaultRecordingProperties' is not valid: " + invalid.getMessage());
        }
    }
}
