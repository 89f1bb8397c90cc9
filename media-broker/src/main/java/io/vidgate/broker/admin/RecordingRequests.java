package io.vidgate.broker.admin;

import static io.vidgate.broker.admin.RequestFields.bool;
import static io.vidgate.broker.admin.RequestFields.integer;
import static io.vidgate.broker.admin.RequestFields.longInteger;
import static io.vidgate.broker.admin.RequestFields.string;

import java.util.regex.Pattern;

import io.vidgate.broker.session.RecordingDefaults;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads the body of {@code POST /openvidu/api/recordings/start} as openvidu-server does
 * ({@code RecordingProperties.fromJson} over the session's {@code defaultRecordingProperties}): a wrong type, name,
 * output mode or layout is a 400; values out of range (resolution, frame rate, shmSize, neither audio nor video) are a
 * 422.
 */
final class RecordingRequests {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-~]+");
    private static final Pattern RESOLUTION = Pattern.compile("([1-9][0-9]{2}|1[0-9]{3})x([1-9][0-9]{2}|1[0-9]{3})");
    private static final long MIN_SHM_SIZE = 134_217_728L;

    private RecordingRequests() {
    }

    /** The {@code session} parameter; 400 when absent, as openvidu-server. */
    static String sessionId(JsonNode requestBody) {
        if (requestBody == null || requestBody.isNull() || requestBody.isMissingNode()) {
            throw ApiException.badRequest("Error in body parameters. Cannot be empty");
        }
        String sessionId = string(RequestFields.object(requestBody), "session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        return sessionId;
    }

    /** What to record: the parameters given, else the session's defaults, else OpenVidu's. */
    static RecordingDefaults parse(JsonNode requestBody, RecordingDefaults session) {
        JsonNode body = RequestFields.object(requestBody);
        String name = string(body, "name");
        Boolean hasAudio = bool(body, "hasAudio");
        Boolean hasVideo = bool(body, "hasVideo");
        String outputMode = string(body, "outputMode");
        String layout = string(body, "recordingLayout");
        String resolution = string(body, "resolution");
        Integer frameRate = integer(body, "frameRate");
        Long shmSize = longInteger(body, "shmSize");
        String customLayout = string(body, "customLayout");
        Boolean ignoreFailedStreams = bool(body, "ignoreFailedStreams");

        if (name != null && !name.isEmpty() && !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("Parameter 'name' is wrong. Must be an alphanumeric string [a-zA-Z0-9_-~]+");
        }
        boolean audio = hasAudio != null ? hasAudio : session.hasAudio();
        boolean video = hasVideo != null ? hasVideo : session.hasVideo();
        if (!audio && !video) {
            throw unprocessable("Cannot start a recording with both \"hasAudio\" and \"hasVideo\" set to false");
        }
        if (outputMode != null && !RecordingDefaults.OUTPUT_MODES.contains(outputMode)) {
            throw ApiException.badRequest("Type error in parameter 'outputMode'");
        }
        String mode = outputMode != null ? outputMode : session.outputMode();
        boolean composed = !mode.equals("INDIVIDUAL");
        if (composed) {
            if (layout != null && !RecordingDefaults.LAYOUTS.contains(layout)) {
                throw ApiException.badRequest("Type error in parameter 'recordingLayout'");
            }
            if (resolution != null && !RESOLUTION.matcher(resolution).matches()) {
                throw unprocessable("Wrong 'resolution' parameter. Acceptable values from 100 to 1999 for both width "
                        + "and height");
            }
            if (frameRate != null && (frameRate < 1 || frameRate > 120)) {
                throw unprocessable("Wrong 'frameRate' parameter. Acceptable values are within range [1,120]");
            }
            if (shmSize != null && shmSize < MIN_SHM_SIZE) {
                throw unprocessable("Wrong 'shmSize' parameter. Must be 134217728 (128 MB) minimum");
            }
        }
        try {
            return RecordingDefaults.of(name != null && !name.isEmpty() ? name : session.name(), audio, video, mode,
                    layout != null ? layout : session.recordingLayout(),
                    resolution != null ? resolution : session.resolution(),
                    frameRate != null ? frameRate : session.frameRate(),
                    shmSize != null ? shmSize : session.shmSize(),
                    customLayout != null ? customLayout : session.customLayout(),
                    ignoreFailedStreams != null ? ignoreFailedStreams : session.ignoreFailedStreams());
        } catch (IllegalArgumentException invalid) {
            throw unprocessable(invalid.getMessage());
        }
    }

    private static ApiException unprocessable(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, message);
    }
}
