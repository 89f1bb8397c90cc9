package io.vidgate.emulator.webrtc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebRtcEndpoint's {@code turnUrl}: {@code user:password@address:port[?transport=udp|tcp|tls]}.
 * Parsed with the expression KMS itself uses (kms-elements, kmswebrtcendpoint.c): the user is
 * everything up to the last colon before the {@code @}, so coturn REST usernames
 * ({@code <expiry>:<id>}) work; the address must be an IPv4 address, KMS resolves no names.
 *
 * @param transport {@code udp}, {@code tcp} or {@code tls}; null when the URL names none (UDP)
 */
public record TurnUrl(String user, String password, String address, int port, String transport) {

  private static final Pattern KURENTO = Pattern.compile(
      "^(?<user>.+):(?<password>.+)@(?<address>[0-9.]+):(?<port>[0-9]+)"
          + "(\\?transport=(?<transport>(udp|tcp|tls)))?$");

  /** The parsed URL, or empty when KMS would not accept it either. */
  public static Optional<TurnUrl> parse(String url) {
    Matcher m = KURENTO.matcher(url == null ? "" : url);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new TurnUrl(m.group("user"), m.group("password"), m.group("address"),
        Integer.parseInt(m.group("port")), m.group("transport")));
  }

  /** The URI an ICE agent takes: {@code turn:ip:port?transport=…}, or {@code turns:} for tls. */
  public String iceServerUri() {
    if (transport == null) {
      return "turn:" + address + ":" + port;
    }
    return transport.equals("tls")
        ? "turns:" + address + ":" + port + "?transport=tcp"
        : "turn:" + address + ":" + port + "?transport=" + transport;
  }
}
