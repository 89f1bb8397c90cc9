package io.vidgate.broker.recording.media;

/**
 * One file a recording wrote, with what OpenVidu's INDIVIDUAL metadata JSON says of each stream's file (the
 * stream's fields are null for a COMPOSED file).
 *
 * @param name            the file name inside the recording's directory ({@code <streamId>.webm}, {@code <id>.webm})
 * @param startTimeOffset milliseconds from the recording's start to this file's start
 * @param endTimeOffset   milliseconds from the recording's start to this file's end
 */
public record RecordedFile(String name, String connectionId, String streamId, String clientData, String serverData,
        boolean hasAudio, boolean hasVideo, String typeOfVideo, long startTimeOffset, long endTimeOffset) {
}
