package io.vidgate.broker.recording;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.protocol.rpc.EndReason;

/**
 * One recording, as OpenVidu's REST API reports it; immutable (a change makes a new one).
 *
 * @param id          the session's id, then {@code <sessionId>~1}, {@code ~2}… (openvidu-server's free id)
 * @param name        the name given, else the id; also the name of the file to download
 * @param outputMode  {@code COMPOSED} or {@code INDIVIDUAL} ({@code COMPOSED_QUICK_START} is recorded as COMPOSED: there
 *                    is no recording container to start early)
 * @param size        bytes recorded (the stream files' sum for INDIVIDUAL); 0 until it is ready
 * @param duration    seconds recorded; 0 until it is ready
 * @param resolution  COMPOSED with video only, else null (as frameRate, recordingLayout and customLayout)
 * @param reason      why it stopped, once it has
 * @param failure     what went wrong, when {@code failed}; not part of OpenVidu's JSON (only of the metadata file)
 */
public record Recording(String id, String name, String outputMode, String sessionId, long sessionCreatedAt,
        long createdAt, long size, double duration, boolean hasAudio, boolean hasVideo, Status status,
        String resolution, Integer frameRate, String recordingLayout, String customLayout,
        Boolean ignoreFailedStreams, EndReason reason, String failure) {

    /** OpenVidu's recording statuses, by their JSON names. */
    public enum Status {
        starting, started, stopped, ready, failed;

        /** Still being recorded or finished: neither ready nor failed. */
        public boolean inProgress() {
            return this == starting || this == started || this == stopped;
        }
    }

    public static final String COMPOSED = "COMPOSED";
    public static final String INDIVIDUAL = "INDIVIDUAL";

    /** A new recording, {@code starting}, with the properties asked for (already checked as openvidu-server does). */
    public static Recording starting(String id, String sessionId, long sessionCreatedAt, long now,
            RecordingDefaults asked) {
        boolean individual = INDIVIDUAL.equals(asked.outputMode());
        boolean composedVideo = !individual && asked.hasVideo();
        String name = asked.name() == null || asked.name().isEmpty() ? id : asked.name();
        return new Recording(id, name, individual ? INDIVIDUAL : COMPOSED, sessionId, sessionCreatedAt, now, 0, 0,
                asked.hasAudio(), asked.hasVideo(), Status.starting,
                composedVideo ? asked.resolution() : null,
                composedVideo ? asked.frameRate() : null,
                composedVideo ? asked.recordingLayout() : null,
                composedVideo && "CUSTOM".equals(asked.recordingLayout()) ? asked.customLayout() : null,
                individual ? asked.ignoreFailedStreams() : null, null, null);
    }

    public boolean individual() {
        return INDIVIDUAL.equals(outputMode);
    }

    /** The file a user downloads: {@code <name>.zip} (INDIVIDUAL) or {@code <name>.webm} (COMPOSED), as OpenVidu names it. */
    public String fileName() {
        return name + (individual() ? ".zip" : ".webm");
    }

    public Recording withStatus(Status newStatus) {
        return new Recording(id, name, outputMode, sessionId, sessionCreatedAt, createdAt, size, duration, hasAudio,
                hasVideo, newStatus, resolution, frameRate, recordingLayout, customLayout, ignoreFailedStreams, reason,
                failure);
    }

    public Recording stopped(EndReason why) {
        return new Recording(id, name, outputMode, sessionId, sessionCreatedAt, createdAt, size, duration, hasAudio,
                hasVideo, Status.stopped, resolution, frameRate, recordingLayout, customLayout, ignoreFailedStreams,
                why, failure);
    }

    /** Ready, or failed when {@code failure} is set; with what the files hold. */
    public Recording finished(long bytes, double seconds, String failed) {
        return new Recording(id, name, outputMode, sessionId, sessionCreatedAt, createdAt, bytes, seconds, hasAudio,
                hasVideo, failed == null ? Status.ready : Status.failed, resolution, frameRate, recordingLayout,
                customLayout, ignoreFailedStreams, reason, failed);
    }

    /** What recordingStatusChanged reports of it. */
    Fact.Recording asFact() {
        return new Fact.Recording(id, name, outputMode, createdAt, resolution, frameRate, recordingLayout,
                customLayout, hasAudio, hasVideo, size, duration);
    }
}
