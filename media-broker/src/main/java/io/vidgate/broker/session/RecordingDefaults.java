package io.vidgate.broker.session;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A session's {@code defaultRecordingProperties}, or the properties of one recording's start: checked and normalised
 * the way openvidu-server does ({@code RecordingProperties.fromJson}), because openvidu-java-client parses them on
 * every {@code Session.fetch()} and fails on values it would not have produced itself. A recording started by
 * {@code recordingMode: ALWAYS} uses the session's.
 *
 * <p>Fields that do not apply to the output mode are null (for example the layout of an {@code INDIVIDUAL} recording).
 */
public record RecordingDefaults(
        String name,
        boolean hasAudio,
        boolean hasVideo,
        String outputMode,
        String recordingLayout,
        String resolution,
        Integer frameRate,
        Long shmSize,
        String customLayout,
        Boolean ignoreFailedStreams) {

    public static final List<String> OUTPUT_MODES = List.of("COMPOSED", "COMPOSED_QUICK_START", "INDIVIDUAL");
    public static final List<String> LAYOUTS =
            List.of("BEST_FIT", "PICTURE_IN_PICTURE", "VERTICAL_PRESENTATION", "HORIZONTAL_PRESENTATION", "CUSTOM");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\-~]+");
    private static final Pattern RESOLUTION = Pattern.compile("([1-9][0-9]{2}|1[0-9]{3})x([1-9][0-9]{2}|1[0-9]{3})");
    private static final long MIN_SHM_SIZE = 134_217_728L;

    /** OpenVidu's defaults: a composed, best-fit 1280x720 recording at 25 fps with audio and video. */
    public static final RecordingDefaults DEFAULT = of(null, null, null, null, null, null, null, null, null, null);

    /**
     * Applies OpenVidu's defaults to the values given (null = not given) and checks them as openvidu-server does.
     *
     * @throws IllegalArgumentException naming the wrong parameter
     */
    public static RecordingDefaults of(String name, Boolean hasAudio, Boolean hasVideo, String outputMode,
            String recordingLayout, String resolution, Integer frameRate, Long shmSize, String customLayout,
            Boolean ignoreFailedStreams) {
        if (name != null && !name.isEmpty() && !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Parameter 'name' is wrong. Must be an alphanumeric string [a-zA-Z0-9_-~]+");
        }
        boolean audio = hasAudio == null || hasAudio;
        boolean video = hasVideo == null || hasVideo;
        if (!audio && !video) {
            throw new IllegalArgumentException("'hasAudio' and 'hasVideo' cannot both be false");
        }
        String mode = outputMode == null ? "COMPOSED" : outputMode;
        if (!OUTPUT_MODES.contains(mode)) {
            throw new IllegalArgumentException("Parameter 'outputMode' must be one of " + OUTPUT_MODES);
        }
        boolean composed = !mode.equals("INDIVIDUAL");
        String layout = null;
        String finalResolution = null;
        Integer finalFrameRate = null;
        Long finalShmSize = null;
        String finalCustomLayout = null;
        if (composed && video) {
            layout = recordingLayout == null ? "BEST_FIT" : recordingLayout;
            if (!LAYOUTS.contains(layout)) {
                throw new IllegalArgumentException("Parameter 'recordingLayout' must be one of " + LAYOUTS);
            }
            finalResolution = resolution == null ? "1280x720" : resolution;
            if (!RESOLUTION.matcher(finalResolution).matches()) {
                throw new IllegalArgumentException(
                        "Wrong 'resolution' parameter. Acceptable values from 100 to 1999 for both width and height");
            }
            finalFrameRate = frameRate == null ? 25 : frameRate;
            if (finalFrameRate < 1 || finalFrameRate > 120) {
                throw new IllegalArgumentException("Wrong 'frameRate' parameter. Acceptable values are within range [1,120]");
            }
            finalShmSize = shmSize == null ? 536_870_912L : shmSize;
            if (finalShmSize < MIN_SHM_SIZE) {
                throw new IllegalArgumentException("Wrong 'shmSize' parameter. Must be 134217728 (128 MB) minimum");
            }
            if (layout.equals("CUSTOM")) {
                finalCustomLayout = customLayout == null ? "" : customLayout;
            }
        }
        Boolean finalIgnoreFailed = composed ? null : ignoreFailedStreams != null && ignoreFailedStreams;
        return new RecordingDefaults(name == null ? "" : name, audio, video, mode, layout, finalResolution,
                finalFrameRate, finalShmSize, finalCustomLayout, finalIgnoreFailed);
    }
}
