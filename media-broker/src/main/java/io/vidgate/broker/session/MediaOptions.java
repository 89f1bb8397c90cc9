package io.vidgate.broker.session;

/**
 * What a published stream carries, as the publisher declared it in {@code publishVideo} and later changed with
 * {@code streamPropertyChanged}.
 *
 * @param typeOfVideo     CAMERA, SCREEN, CUSTOM or IPCAM; null without video
 * @param frameRate       null when unknown
 * @param videoDimensions JSON text such as {@code {"width":640,"height":480}}, as openvidu-browser sends it; null when unknown
 */
public record MediaOptions(
        boolean hasAudio,
        boolean hasVideo,
        boolean audioActive,
        boolean videoActive,
        String typeOfVideo,
        Integer frameRate,
        String videoDimensions) {

    public MediaOptions withAudioActive(boolean active) {
        return new MediaOptions(hasAudio, hasVideo, active, videoActive, typeOfVideo, frameRate, videoDimensions);
    }

    public MediaOptions withVideoActive(boolean active) {
        return new MediaOptions(hasAudio, hasVideo, audioActive, active, typeOfVideo, frameRate, videoDimensions);
    }

    public MediaOptions withVideoDimensions(String dimensions) {
        return new MediaOptions(hasAudio, hasVideo, audioActive, videoActive, typeOfVideo, frameRate, dimensions);
    }
}
