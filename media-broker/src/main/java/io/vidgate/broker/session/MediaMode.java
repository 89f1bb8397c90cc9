package io.vidgate.broker.session;

/**
 * OpenVidu's media modes. Vidgate always routes media through Kurento; {@code RELAYED} is accepted and reported back
 * because OpenVidu accepts it too (and never implemented peer-to-peer either), so apps that send it keep working.
 */
public enum MediaMode {
    ROUTED,
    RELAYED
}
