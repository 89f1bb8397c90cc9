package io.vidgate.emulator.support;

import io.vidgate.emulator.testing.ClientPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * Load for {@code bench/emulator-media/run}: against an emulator running elsewhere, N publishers
 * each send a synthetic camera to a WebRtcEndpoint, each connected to one subscriber's
 * WebRtcEndpoint, so the emulator decodes and re-encodes N streams. Prints {@code READY} once every
 * subscriber decodes, streams until the process is terminated, then prints
 * {@code FPS <frames per second decoded per subscriber, on average since READY>},
 * {@code KBPS <video kbit/s received per subscriber>} and {@code SIZES <decoded frame sizes>}.
 *
 * <pre>{@code java -cp <test classpath> io.vidgate.emulator.support.ForwardedStreams
 *     ws://127.0.0.1:8888/kurento <streams> <width> <height> <fps> [texture|noise]}</pre>
 */
public final class ForwardedStreams {

  private ForwardedStreams() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    int streams = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int height = Integer.parseInt(args[3]);
    int fps = Integer.parseInt(args[4]);
    boolean noisy = args.length > 5 && args[5].equals("noise");
    ClientPeer.Factory clients = new ClientPeer.Factory();
    KurentoClient client = KurentoClient.create(uri);
    MediaPipeline pipeline = client.createMediaPipeline();
    List<ClientPeer> viewers = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
      WebRtcEndpoint subscriber = new WebRtcEndpoint.Builder(pipeline).build();
      publisher.connect(subscriber);
      clients.peer(ClientPeer.directConfig()).publishTo(publisher, width, height, fps, noisy);
      ClientPeer viewer = clients.peer(ClientPeer.directConfig());
      viewer.receiveFrom(subscriber);
      viewers.add(viewer);
    }
    Waits.until(() -> viewers.stream().allMatch(v -> v.framesDecoded() > fps),
        Duration.ofSeconds(60));
    long start = System.nanoTime();
    int framesAtStart = decoded(viewers);
    long bytesAtStart = received(viewers);
    System.out.println("READY");

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("FPS %.1f%n", (decoded(viewers) - framesAtStart) / seconds / streams);
      System.out.printf("KBPS %.0f%n",
          (received(viewers) - bytesAtStart) * 8 / 1000.0 / seconds / streams);
      System.out.println("SIZES " + viewers.get(0).frameSizes());
      System.out.flush();
    }));
    Thread.sleep(Long.MAX_VALUE);
  }

  private static long received(List<ClientPeer> viewers) {
    return viewers.stream().mapToLong(v -> v.inbound("video", "bytesReceived")).sum();
  }

  private static int decoded(List<ClientPeer> viewers) {
    return viewers.stream().mapToInt(ClientPeer::framesDecoded).sum();
  }
}
