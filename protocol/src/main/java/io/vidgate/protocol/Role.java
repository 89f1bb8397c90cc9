package io.vidgate.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What a connection may do in its session. The names are OpenVidu 2's, and so is the parsing: exact,
 * case-sensitive upper case ({@code "PUBLISHER"}, not {@code "publisher"}), so that a value accepted here is
 * one openvidu-java-client / openvidu-node-client would send and one openvidu-browser expects back.
 */
public enum Role {
    /** Receives streams only. */
    SUBSCRIBER,
    /** Receives and publishes streams. OpenVidu's default for new connections. */
    PUBLISHER,
    /** A publisher that may also force others out ({@code forceDisconnect}) and stop their streams ({@code forceUnpublish}). */
    MODERATOR;

    private static final String ALLOWED = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

    /** {@code publishVideo} is allowed. */
    public boolean canPublish() {
        return this == PUBLISHER || this == MODERATOR;
    }

    /** {@code forceDisconnect} and {@code forceUnpublish} are allowed. */
    public boolean canForce() {
        return this == MODERATOR;
    }

    /**
     * Parses an OpenVidu role name.
     *
     * @throws IllegalArgumentException naming the allowed values when {@code value} is not exactly one of them
     */
    public static Role parse(String value) {
        if (value != null) {
            for (Role role : values()) {
                if (role.name().equals(value)) {
                    return role;
                }
            }
        }
        // The value is echoed only when short and plain: role values come from REST bodies and tokens.
        throw new IllegalArgumentException("unknown role " + LogSafe.quote(value) + "; expected one of " + ALLOWED
                + " (upper case, as in OpenVidu)");
    }
}
