package io.vidgate.turn;

/**
 * Where ICE servers and their TURN credentials come from: the local {@link TurnCredentialIssuer}, or an external
 * credential service (see {@code io.vidgate.turn.external}). The apps pick one by configuration and otherwise
 * do not care which.
 */
public interface IceServerSource {

    /**
     * ICE servers whose credentials are valid now and for a while yet.
     *
     * @param userId the connection id the credentials are for; not blank, no {@code ':'}
     * @throws IllegalArgumentException for an invalid user id
     * @throws io.vidgate.turn.external.TurnServiceException when an external service cannot provide them
     */
    IceServers iceServersFor(String userId);

    /**
     * Checks a user id the same way for every source, so switching sources does not change which ids work.
     * A {@code ':'} would be read by coturn as the separator between expiry and user id.
     */
    static String requireValidUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("TURN user id must not be blank");
        }
        if (userId.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "TURN user id must not contain ':' (coturn splits '<expiry>:<user id>' on it): '" + userId + "'");
        }
        return userId;
    }
}
