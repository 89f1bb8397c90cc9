package io.vidgate.broker.pipeline;

/** A publish/subscribe step failed; {@link #kind} says whether the client, KMS or the pool is to blame. */
public class PipelineException extends RuntimeException {

    public enum Kind {
        /** The SDP offer/answer was refused (locally or by KMS: 40201, 40206, 40208…). */
        BAD_SDP,
        /**
         * The session's forced video codec is missing from the SDP and transcoding is not allowed (openvidu-server's
         * 800 FORCED_CODEC_NOT_FOUND_IN_SDPOFFER).
         */
        FORCED_CODEC_NOT_FOUND,
        /** No healthy KMS, or the session's KMS was lost. */
        KMS_UNAVAILABLE,
        /** KMS answered with an error. */
        KMS_ERROR,
        /** The endpoint or session pipeline was released meanwhile. */
        RELEASED
    }

    private final Kind kind;

    public PipelineException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public PipelineException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
