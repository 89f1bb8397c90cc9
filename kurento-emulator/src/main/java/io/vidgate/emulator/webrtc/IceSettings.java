package io.vidgate.emulator.webrtc;

/**
 * The WebRtcEndpoint ICE properties at the time candidates are gathered. Empty strings mean "not
 * set", as KMS reports them.
 *
 * @param turnUrl {@code user:password@ip:port[?transport=udp|tcp|tls]}
 */
public record IceSettings(String stunServerAddress, int stunServerPort, String turnUrl,
    String externalIPv4, String externalIPv6, String networkInterfaces, boolean iceTcp) {

  public static IceSettings defaults() {
    return new IceSettings("", 3478, "", "", "", "", true);
  }
}
