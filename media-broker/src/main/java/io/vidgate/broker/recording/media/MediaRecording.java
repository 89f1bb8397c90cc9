package io.vidgate.broker.recording.media;

import java.util.concurrent.CompletableFuture;

/** One recording under way on Kurento. */
public interface MediaRecording {

    /**
     * Stops recording and releases the Kurento objects it made. Idempotent: a second call returns the same future.
     *
     * @return completes once every file is closed (Kurento's {@code stopAndWait}), with what was recorded; a file cut
     *         short by a lost Kurento is still listed, with what it holds
     */
    CompletableFuture<RecordedMedia> stop();

    /** What Kurento does to a recording by itself. Called outside any room lock; must not block. */
    interface Listener {

        /**
         * The recording cannot go on: Kurento went away (or its pipeline was released). The files written so far are
         * kept; the service stops the recording with status {@code failed} and this reason.
         */
        void mediaLost(String reason);

        /** Nothing is left to record (every stream ended and {@link RecordingSpec#stopWhenNoStreams()} is set). */
        default void noStreamsLeft() {}
    }
}
