package io.vidgate.emulator.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the local candidates a KMS (libnice) would announce for one ICE component: host UDP,
 * host TCP active/passive when {@code iceTcp}, server-reflexive when a STUN server is set and a
 * relay candidate on the TURN server's address when a TURN URL is set. Nothing listens on these
 * ports: they are well-formed, not reachable.
 */
final class CandidateGatherer {

  /** {@code user:password@ip:port[?transport=…]}; the address must be an IP, as in KMS. */
  private static final Pattern TURN_URL =
      Pattern.compile("^[^:@]+:[^@]+@(\\[[0-9a-fA-F:]+]|[0-9.]+):(\\d+)(\\?transport=\\w+)?$");

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
    Matcher turn = TURN_URL.matcher(ice.turnUrl());
    if (turn.matches()) {
      String relay = turn.group(1).replace("[", "").replace("]", "");
      out.add(line(6, component, "UDP", priority(0, component), relay,
          50000 + random.nextInt(10000), "typ relay raddr " + host + " rport " + port));
    }
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

  /** Whether a remote candidate line is shaped like RFC 8839 {@code candidate-attribute}. */
  static boolean wellFormed(String candidate) {
    String c = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
    String[] t = c.split("\\s+");
    return t.length >= 8 && t[0].startsWith("candidate:") && t[6].equals("typ")
        && t[1].chars().allMatch(Character::isDigit) && t[5].chars().allMatch(Character::isDigit);
  }
}
