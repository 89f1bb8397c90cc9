package io.vidgate.broker.pipeline;

/**
 * What every WebRtcEndpoint is given for its own ICE gathering (a KMS behind NAT): a STUN server and a TURN URL in
 * Kurento's form ({@code user:password@IPv4:port?transport=udp}, see {@code io.vidgate.turn.KurentoTurnUrl}), both
 * optional. Kurento does not resolve names: addresses are IPs.
 */
public record IceConfig(String stunAddress, int stunPort, String turnUrl) {

    public static final IceConfig NONE = new IceConfig(null, 0, null);

    public boolean hasStun() {
        return stunAddress != null && !stunAddress.isBlank() && stunPort > 0;
    }

    public boolean hasTurn() {
        return turnUrl != null && !turnUrl.isBlank();
    }
}
