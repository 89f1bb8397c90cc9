package io.vidgate.emulator.testing;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCStatsReport;
import io.vidgate.emulator.webrtc.real.PeerStats;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A webrtc-java client's stats, read synchronously. */
public final class ClientStats {

  private ClientStats() {}

  public static RTCStatsReport of(RTCPeerConnection pc) {
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    pc.getStats(report::complete);
    return report.orTimeout(5, TimeUnit.SECONDS).join();
  }

  /**
   * The candidate types ({@code host}, {@code relay}…) of the selected pair: local, remote; empty
   * while none is selected.
   */
  public static List<String> selectedCandidateTypes(RTCPeerConnection pc) {
    return new PeerStats(of(pc)).selectedCandidates().orElse(List.of()).stream()
        .map(c -> String.valueOf(c.getAttributes().get("candidateType"))).toList();
  }
}
