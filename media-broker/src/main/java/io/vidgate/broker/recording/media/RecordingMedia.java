package io.vidgate.broker.recording.media;

import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.room.Room;

/**
 * Records a session's media on Kurento: the seam between the recordings service (state, files, REST) and the
 * Kurento objects that do the recording. One implementation, on Kurento's RecorderEndpoint and Composite.
 */
public interface RecordingMedia {

    /**
     * Starts recording the streams the room publishes now and, until stopped, those it publishes later.
     *
     * @return completes once Kurento records (the recording's status becomes {@code started}); fails with a
     *         {@link RecordingMediaException} when nothing could be started (no stream published, Kurento refused)
     */
    CompletableFuture<MediaRecording> start(Room room, RecordingSpec spec, MediaRecording.Listener listener);
}
