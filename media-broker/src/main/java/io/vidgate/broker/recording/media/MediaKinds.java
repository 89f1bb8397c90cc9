package io.vidgate.broker.recording.media;

import java.util.ArrayList;
import java.util.List;

import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;

/**
 * What a file records: audio, video or both, and the WebM profile Kurento records it with (openvidu-server's
 * default profiles for its {@code .webm} files).
 */
record MediaKinds(boolean audio, boolean video) {

    /**
     * What one stream's file records: the kinds the recording asks for that the stream publishes (openvidu-server's
     * SingleStreamRecordingService); empty when it publishes none of them.
     */
    static MediaKinds of(RecordingSpec spec, boolean streamHasAudio, boolean streamHasVideo) {
        return new MediaKinds(spec.hasAudio() && streamHasAudio, spec.hasVideo() && streamHasVideo);
    }

    boolean isEmpty() {
        return !audio && !video;
    }

    MediaProfileSpecType profile() {
        if (audio && video) {
            return MediaProfileSpecType.WEBM;
        }
        return audio ? MediaProfileSpecType.WEBM_AUDIO_ONLY : MediaProfileSpecType.WEBM_VIDEO_ONLY;
    }

    /** The connections to make: an audio-only file takes only audio, so that no video branch waits for frames. */
    List<MediaType> types() {
        List<MediaType> types = new ArrayList<>(2);
        if (audio) {
            types.add(MediaType.AUDIO);
        }
        if (video) {
            types.add(MediaType.VIDEO);
        }
        return types;
    }
}
