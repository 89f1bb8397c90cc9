package io.vidgate.broker.session;

/**
 * What the signaling layer learns about a client when it joins with a connection's token.
 *
 * @param ip         the client's address as the gateway saw it
 * @param platform   the client's description of itself ({@code joinRoom.platform})
 * @param clientData the client's {@code metadata} ({@code Session.connect(token, data)}); "" when none
 * @param location   a coarse location, or null (OpenVidu CE reports "unknown")
 */
public record ActivationDetails(String ip, String platform, String clientData, String location) {

    public ActivationDetails {
        clientData = clientData == null ? "" : clientData;
    }
}
