package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import io.vidgate.emulator.webrtc.IceCandidatePair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What is read from one libwebrtc stats report (W3C webrtc-stats names). Public for the webrtc-java
 * clients of tests and benchmarks.
 */
public final class PeerStats {

  private final Map<String, RTCStats> all;

  public PeerStats(RTCStatsReport report) {
    this.all = report.getStats();
  }

  /** The sum of a counter over the inbound RTP streams of a kind ({@code audio}, {@code video}). */
  public long inbound(String kind, String counter) {
    long sum = 0;
    for (RTCStats s : all.values()) {
      if (s.getType() == RTCStatsType.INBOUND_RTP && kind.equals(s.getAttributes().get("kind"))) {
        sum += number(s, counter);
      }
    }
    return sum;
  }

  /** The local and the remote candidate of the pair the (first) transport selected. */
  public Optional<List<RTCStats>> selectedCandidates() {
    for (RTCStats s : all.values()) {
      if (s.getType() != RTCStatsType.TRANSPORT) {
        continue;
      }
      RTCStats pair = all.get(String.valueOf(s.getAttributes().get("selectedCandidatePairId")));
      if (pair == null) {
        continue;
      }
      RTCStats local = all.get(String.valueOf(pair.getAttributes().get("localCandidateId")));
      RTCStats remote = all.get(String.valueOf(pair.getAttributes().get("remoteCandidateId")));
      if (local != null && remote != null) {
        return Optional.of(List.of(local, remote));
      }
    }
    return Optional.empty();
  }

  /**
   * The selected pair as candidate lines; the local one goes through {@code announce} so that it
   * reads as the IceCandidateFound events did.
   */
  Optional<IceCandidatePair> selectedPair(UnaryOperator<String> announce) {
    return selectedCandidates().map(c ->
        new IceCandidatePair("1", 1, announce.apply(line(c.get(0))), line(c.get(1))));
  }

  /** A candidate's stats written back as an RFC 8839 candidate line. */
  static String line(RTCStats candidate) {
    Map<String, Object> a = candidate.getAttributes();
    Object address = a.get("address") != null ? a.get("address") : a.get("ip");
    StringBuilder out = new StringBuilder("candidate:")
        .append(a.getOrDefault("foundation", "0")).append(" 1 ")
        .append(a.getOrDefault("protocol", "udp")).append(' ')
        .append(number(candidate, "priority")).append(' ')
        // libwebrtc hides the address of a remote peer-reflexive candidate
        .append(address != null ? address : "0.0.0.0").append(' ')
        .append(number(candidate, "port")).append(" typ ")
        .append(a.getOrDefault("candidateType", "host"));
    if (a.get("relatedAddress") != null) {
      out.append(" raddr ").append(a.get("relatedAddress"))
          .append(" rport ").append(number(candidate, "relatedPort"));
    }
    if (a.get("tcpType") != null) {
      out.append(" tcptype ").append(a.get("tcpType"));
    }
    return out.toString();
  }

  private static long number(RTCStats s, String name) {
    return s.getAttributes().get(name) instanceof Number n ? n.longValue() : 0;
  }
}
