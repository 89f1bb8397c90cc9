package io.vidgate.emulator.webrtc;

/**
 * What a WebRtcEndpoint was built with ({@code new WebRtcEndpoint.Builder(p).recvonly()…}) plus
 * the emulator's own address for host candidates.
 *
 * @param hostAddress the address put in host candidates unless externalIPv4 overrides it
 */
public record PeerConfig(boolean recvonly, boolean sendonly, boolean useDataChannels,
    String hostAddress) {}
