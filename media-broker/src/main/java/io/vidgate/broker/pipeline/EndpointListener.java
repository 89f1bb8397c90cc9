package io.vidgate.broker.pipeline;

/** What a participant's endpoint reports; called on kurento-client threads, must not block. */
public interface EndpointListener {

    /** A local candidate for the browser ({@code iceCandidate} notification). */
    void iceCandidate(String endpointName, String candidate, String sdpMid, int sdpMLineIndex);

    /** KMS's {@code Error} event on the endpoint ({@code mediaError}). */
    default void mediaError(String endpointName, String description, int errorCode) {
    }
}
