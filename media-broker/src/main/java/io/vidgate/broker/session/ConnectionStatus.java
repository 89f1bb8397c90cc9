package io.vidgate.broker.session;

/**
 * A connection is {@code pending} from its creation through the REST API until a client joins with its token, then
 * {@code active}. OpenVidu tokens are single use, so a connection never goes back to pending.
 */
public enum ConnectionStatus {
    PENDING("pending"),
    ACTIVE("active");

    private final String wireName;

    ConnectionStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The lower-case name OpenVidu's JSON uses. */
    public String wireName() {
        return wireName;
    }
}
