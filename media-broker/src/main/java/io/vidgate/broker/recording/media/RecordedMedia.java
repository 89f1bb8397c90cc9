package io.vidgate.broker.recording.media;

import java.util.List;

/** The files a recording left: one per stream (INDIVIDUAL) or one in all (COMPOSED). */
public record RecordedMedia(List<RecordedFile> files) {
}
