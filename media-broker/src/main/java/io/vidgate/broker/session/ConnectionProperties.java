package io.vidgate.broker.session;

import java.util.List;

import io.vidgate.protocol.Role;

/**
 * What a backend chose when it created a connection ({@code POST /openvidu/api/sessions/{id}/connection}).
 *
 * @param serverData     the backend's {@code data}, shown to every participant; never null ("" by default)
 * @param record         whether this connection's streams would be recorded (OpenVidu default true)
 * @param kurentoOptions null when not given
 */
public record ConnectionProperties(
        ConnectionType type,
        String serverData,
        boolean record,
        Role role,
        KurentoOptions kurentoOptions,
        List<IceServer> customIceServers) {

    public ConnectionProperties {
        if (type == null || role == null) {
            throw new IllegalArgumentException("type and role are required");
        }
        serverData = serverData == null ? "" : serverData;
        customIceServers = customIceServers == null ? List.of() : List.copyOf(customIceServers);
    }

    /** OpenVidu's defaults: a WEBRTC PUBLISHER, no data, recorded. */
    public static ConnectionProperties webRtc(Role role, String serverData) {
        return new ConnectionProperties(ConnectionType.WEBRTC, serverData, true, role, null, List.of());
    }
}
