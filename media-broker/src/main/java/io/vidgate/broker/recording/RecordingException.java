package io.vidgate.broker.recording;

/** A recordings call refused; {@link Problem} says which of OpenVidu's answers it is. */
public final class RecordingException extends RuntimeException {

    /** Each with the status openvidu-server answers for it. */
    public enum Problem {
        /** 404: no such session (start) or recording. */
        NOT_FOUND(404),
        /** 406: the session has no participant connected, or (Vidgate) none publishing: Kurento has nothing to record. */
        NOTHING_TO_RECORD(406),
        /** 406: stop of a recording still {@code starting}. */
        STILL_STARTING(406),
        /** 409: the session is being recorded already, or is not ROUTED. */
        BEING_RECORDED(409),
        /** 409: stop of a recording that is not {@code started} (it stopped already). */
        NOT_STARTED(409),
        /** 409: delete of a recording not finished yet. */
        IN_PROGRESS(409),
        /** 500: Kurento could not start it. */
        MEDIA_FAILED(500);

        private final int status;

        Problem(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Problem problem;

    public RecordingException(Problem problem, String message) {
        super(message, null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
