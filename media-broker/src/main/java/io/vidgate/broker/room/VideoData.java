package io.vidgate.broker.room;

/**
 * What openvidu-browser reports of a participant's published video ({@code videoData}, from its getStats loop). Any
 * field may be missing (null). OpenVidu 2.32 stores it on the participant and logs it; nothing else reads it.
 */
public record VideoData(Integer height, Integer width, Boolean videoActive, Boolean audioActive) {
}
