package io.vidgate.emulator.support;

import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.ClientPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * Creates and releases WebRtcEndpoints with real media, many times, and prints the process's
 * memory as it goes: {@code CYCLES <done> rssKiB=<n> nonHeapKiB=<n> peerConnections=<n>
 * anonKiB=<n> threads=<n>} (RSS, the JVM's code cache and metaspace, live native peer
 * connections, anonymous RSS, threads). Run in a
 * JVM of its own (fixed, pre-touched heap) so that nothing else moves its resident size; see
 * {@code PeerReleaseTest} and {@code bench/emulator-media}.
 *
 * <p>Each cycle: a WebRtcEndpoint answers a real client's offer, starts gathering candidates and, with
 * {@code connect}, gets connected (ICE, DTLS, SRTP, decoders) and receives video for a moment;
 * then it is released, and with it its native peer connection.
 *
 * <pre>{@code java -cp <test classpath> io.vidgate.emulator.support.PeerCycles <cycles> <every> [connect]}</pre>
 */
public final class PeerCycles {

  private PeerCycles() {}

  public static void main(String[] args) throws Exception {
    int cycles = Integer.parseInt(args[0]);
    int every = Integer.parseInt(args[1]);
    boolean connect = args.length > 2 && args[2].equals("connect");
    try (KurentoEmulator kms = KurentoEmulator.start(
            EmulatorOptions.ephemeral().withMedia(EmulatorOptions.Media.REAL));
         ClientPeer.Factory clients = new ClientPeer.Factory()) {
      KurentoClient client = KurentoClient.create(kms.uri());
      MediaPipeline pipeline = client.createMediaPipeline();
      try (ClientPeer offerer = clients.peer(ClientPeer.directConfig())) {
        offerer.receiveOnly();
        String offer = offerer.offer();
        for (int i = 0; i <= cycles; i++) {
          if (i % every == 0) {
            report(i, kms);
          }
          if (i < cycles) {
            cycle(pipeline, clients, connect ? null : offer);
          }
        }
      }
      pipeline.release();
      client.destroy();
    }
    System.out.println("DONE");
    System.exit(0);
  }

  private static void cycle(MediaPipeline pipeline, ClientPeer.Factory clients, String offer)
      throws InterruptedException {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    if (offer != null) {
      CountDownLatch gathering = new CountDownLatch(1);
      endpoint.addIceCandidateFoundListener(e -> gathering.countDown());
      endpoint.processOffer(offer);
      endpoint.gatherCandidates();
      gathering.await(10, TimeUnit.SECONDS);
    } else {
      try (ClientPeer camera = clients.peer(ClientPeer.directConfig())) {
        camera.publishTo(endpoint, 320, 240, 30);
        Waits.until(() -> camera.connected() && camera.framesPushed() > 5,
            Duration.ofSeconds(10));
      }
    }
    endpoint.release();
  }

  private static void report(int done, KurentoEmulator kms) throws InterruptedException {
    System.gc();
    Thread.sleep(300);
    long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    System.out.printf("CYCLES %d rssKiB=%d nonHeapKiB=%d peerConnections=%d anonKiB=%d threads=%d%n",
        done, rssKiB(), nonHeap / 1024, kms.livePeerConnections(), status("RssAnon"),
        status("Threads"));
  }

  /** VmRSS of this process, from /proc/self/status. */
  public static long rssKiB() {
    return status("VmRSS");
  }

  static long status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no " + field + " in /proc/self/status");
  }
}
