package io.vidgate.broker.recording.media;

/** A recording could not start on Kurento; {@link #noStreams()} tells OpenVidu's 406 from other failures. */
public final class RecordingMediaException extends RuntimeException {

    private final boolean noStreams;

    public RecordingMediaException(String message, boolean noStreams, Throwable cause) {
        super(message, cause);
        this.noStreams = noStreams;
    }

    public boolean noStreams() {
        return noStreams;
    }
}
