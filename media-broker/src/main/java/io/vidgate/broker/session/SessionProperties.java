package io.vidgate.broker.session;

import io.vidgate.protocol.SessionIds;

/**
 * What a backend chose when it created a session ({@code POST /openvidu/api/sessions}).
 *
 * @param customSessionId the id the backend asked for, or null for a generated one
 */
public record SessionProperties(
        MediaMode mediaMode,
        RecordingMode recordingMode,
        RecordingDefaults defaultRecordingProperties,
        String customSessionId,
        VideoCodec forcedVideoCodec,
        boolean allowTranscoding) {

    /** OpenVidu's defaults: ROUTED, MANUAL, no custom id, the media server's preferred codec, no transcoding. */
    public static final SessionProperties DEFAULT = new SessionProperties(MediaMode.ROUTED, RecordingMode.MANUAL,
            RecordingDefaults.DEFAULT, null, VideoCodec.MEDIA_SERVER_PREFERRED, false);

    public SessionProperties {
        if (mediaMode == null || recordingMode == null || defaultRecordingProperties == null || forcedVideoCodec == null) {
            throw new IllegalArgumentException("mediaMode, recordingMode, defaultRecordingProperties and forcedVideoCodec are required");
        }
        if (customSessionId != null && customSessionId.isEmpty()) {
            customSessionId = null;
        }
        if (customSessionId != null) {
            SessionIds.requireValid(customSessionId);
        }
    }

    public SessionProperties withCustomSessionId(String id) {
        return new SessionProperties(mediaMode, recordingMode, defaultRecordingProperties, id, forcedVideoCodec,
                allowTranscoding);
    }
}
