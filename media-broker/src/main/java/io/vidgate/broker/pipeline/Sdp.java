package io.vidgate.broker.pipeline;

/**
 * A cheap local check of an SDP before it costs KMS round trips (OpenVidu #724: malformed SDP must not harm the
 * session). KMS has the last word; this only refuses what cannot be an SDP at all.
 */
final class Sdp {

    static final int MAX_LENGTH = 64 * 1024;

    private Sdp() {
    }

    static void check(String sdp, String what) {
        if (sdp == null || sdp.isBlank()) {
            throw new PipelineException(PipelineException.Kind.BAD_SDP, what + " is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new PipelineException(PipelineException.Kind.BAD_SDP, what + " is over " + MAX_LENGTH + " characters");
        }
        if (!sdp.startsWith("v=0")) {
            throw new PipelineException(PipelineException.Kind.BAD_SDP, what + " does not start with v=0");
        }
        if (!sdp.contains("\nm=")) {
            throw new PipelineException(PipelineException.Kind.BAD_SDP, what + " has no media section");
        }
    }
}
