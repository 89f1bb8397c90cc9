package io.vidgate.turn.external;

/**
 * An external TURN credential service could not provide usable credentials: it is down, too slow, answered with
 * an error status, or answered something that is not a valid credential. The message names the service by its
 * URL without query or user info, so no API key or token ends up in a log.
 */
public class TurnServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String serviceUrl;

    public TurnServiceException(String serviceUrl, String problem, Throwable cause) {
        super("TURN credential service " + serviceUrl + " " + problem, cause);
        this.serviceUrl = serviceUrl;
    }

    public TurnServiceException(String serviceUrl, String problem) {
        this(serviceUrl, problem, null);
    }

    /** The service URL, without query or user info. */
    public String serviceUrl() {
        return serviceUrl;
    }
}
