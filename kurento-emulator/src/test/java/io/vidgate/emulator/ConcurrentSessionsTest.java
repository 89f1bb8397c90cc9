package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.support.Sdps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/** Many clients at once, with random latency: nothing is lost, nothing leaks. */
class ConcurrentSessionsTest {

  @Test
  void manySessionsWorkInParallel() throws Exception {
    int clients = 12;
    try (KurentoEmulator kms = KurentoEmulator.start(EmulatorOptions.ephemeral()
        .withLatency(Duration.ZERO, Duration.ofMillis(15)))) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<String>> sessions = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        sessions.add(pool.submit(() -> {
          KurentoClient client = KurentoClient.create(kms.uri());
          try {
            for (int round = 0; round < 3; round++) {
              MediaPipeline pipeline = client.createMediaPipeline();
              WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
              WebRtcEndpoint subscriber = new WebRtcEndpoint.Builder(pipeline).build();
              publisher.processOffer(Sdps.chromeOffer());
              publisher.connect(subscriber);
              assertThat(subscriber.getSourceConnections()).hasSize(3);
              pipeline.release();
            }
            return client.getSessionId();
          } finally {
            client.destroy();
          }
        }));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : sessions) {
        ids.add(f.get());
      }
      pool.shutdown();
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(kms.objects().total()).isZero();
      assertThat(kms.calls().byCall().get("create:WebRtcEndpoint")).isEqualTo(clients * 6L);
      assertThat(kms.calls().sessions()).hasSize(clients);
    }
  }
}
