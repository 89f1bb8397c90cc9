package io.vidgate.broker.recording;

import java.util.Set;

import io.vidgate.protocol.Role;

/**
 * Who hears a session's {@code recordingStarted} / {@code recordingStopped}: OpenVidu's
 * {@code OPENVIDU_RECORDING_NOTIFICATION}, with its values ({@code none}, {@code moderator},
 * {@code publisher_moderator}, {@code all}).
 */
public enum RecordingNotification {
    NONE(Set.of()),
    MODERATOR(Set.of(Role.MODERATOR)),
    PUBLISHER_MODERATOR(Set.of(Role.PUBLISHER, Role.MODERATOR)),
    ALL(Set.of(Role.SUBSCRIBER, Role.PUBLISHER, Role.MODERATOR));

    private final Set<Role> roles;

    RecordingNotification(Set<Role> roles) {
        this.roles = roles;
    }

    public Set<Role> roles() {
        return roles;
    }
}
