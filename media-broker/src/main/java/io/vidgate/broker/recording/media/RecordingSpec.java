package io.vidgate.broker.recording.media;

import java.nio.file.Path;

/**
 * What to record and where.
 *
 * @param recordingId OpenVidu's recording id ({@code sessionId}, then {@code sessionId~1}, …)
 * @param individual  INDIVIDUAL (one file per stream) rather than COMPOSED (one mixed file)
 * @param resolution  COMPOSED with video: {@code WIDTHxHEIGHT} as OpenVidu's {@code resolution}; otherwise null
 * @param frameRate   COMPOSED with video: frames per second; otherwise null
 * @param directory   where the files go, as the broker sees it (created by the service before start)
 * @param kurentoDirectory the same directory as Kurento sees it, a {@code file://} URI ending in {@code /}: the
 *                    recorders' URIs are this plus a file name
 * @param stopWhenNoStreams tell {@link MediaRecording.Listener#noStreamsLeft()} when the last stream ends
 */
public record RecordingSpec(String recordingId, boolean individual, boolean hasAudio, boolean hasVideo,
        String resolution, Integer frameRate, Path directory, String kurentoDirectory, boolean stopWhenNoStreams) {
}
