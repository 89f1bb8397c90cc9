package io.vidgate.emulator.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the local candidates a KMS (libnice) would announce for one ICE component: host UDP,
 * host TCP active/passive when {@code iceTcp}, server-reflexive when a STUN server is set and a
 * relay candidate on the TURN server's address when a TURN URL is set. Nothing listens on these
 * ports: they are well-formed, not reachable.
 */
final class CandidateGatherer {

  private CandidateGatherer() {}

  static List<String> gather(PeerConfig config, IceSettings ice, int component) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String host = ice.externalIPv4().isEmpty() ? config.hostAddress() : ice.externalIPv4();
    int port = 30000 + random.nextInt(30000);
    List<String> out = new ArrayList<>();
    out.add(line(1, component, "UDP", priority(126, component), host, port, "typ host"));
    if (!ice.externalIPv6().isEmpty()) {
      out.add(line(2, component, "UDP", priority(125, component), ice.externalIPv6(),
          port + 1, "typ host"));
    }
    if (ice.iceTcp()) {
      out.add(line(3, component, "TCP", priority(80, component), host, 9,
          "typ host tcptype active"));
      out.add(line(4, component, "TCP", priority(79, component), host, port + 2,
          "typ host tcptype passive"));
    }
    if (!ice.stunServerAddress().isEmpty()) {
      out.add(line(5, component, "UDP", priority(100, component), host, port + 3,
          "typ srflx raddr " + host + " rport " + port));
    }
    TurnUrl.parse(ice.turnUrl()).ifPresent(turn -> out.add(line(6, component, "UDP",
        priority(0, component), turn.address(), 50000 + random.nextInt(10000),
        "typ relay raddr " + host + " rport " + port)));
    return out;
  }

  /** RFC 8445 §5.1.2.1 with the local preference fixed. */
  private static long priority(int typePreference, int component) {
    return ((long) typePreference << 24) + (65535L << 8) + (256 - component);
  }

  private static String line(int foundation, int component, String transport, long priority,
      String address, int port, String rest) {
    return "candidate:" + foundation + " " + component + " " + transport + " " + priority + " "
        + address + " " + port + " " + rest;
  }
}
