package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.support.Waits;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.KurentoConnectionListener;
import org.kurento.client.MediaPipeline;
import org.kurento.client.internal.server.KurentoServerException;
import org.kurento.commons.exception.KurentoException;

/** Socket drops, restarts and refused connections, seen by the real kurento-client. */
class ReconnectionClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private KurentoEmulator kms;
  private KurentoClient client;
  private final BlockingQueue<String> connectionEvents = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
    client = KurentoClient.create(kms.uri(), new KurentoConnectionListener() {
      @Override
      public void connected() {
        connectionEvents.add("connected");
      }

      @Override
      public void connectionFailed() {
        connectionEvents.add("connectionFailed");
      }

      @Override
      public void disconnected() {
        connectionEvents.add("disconnected");
      }

      @Override
      public void reconnected(boolean sameServer) {
        connectionEvents.add("reconnected:" + sameServer);
      }
    });
  }

  @AfterEach
  void stop() {
    client.destroy();
    kms.close();
  }

  @Test
  void aDroppedSocketResumesTheSameSession() {
    MediaPipeline pipeline = client.createMediaPipeline();
    String session = client.getSessionId();

    assertThat(kms.faults().dropConnections()).isEqualTo(1);

    Waits.until(() -> connectionEvents.contains("reconnected:true"), WAIT);
    assertThat(client.getSessionId()).isEqualTo(session);
    pipeline.setName("still-there");
    assertThat(pipeline.getName()).isEqualTo("still-there");
    assertThat(kms.calls().byMethod()).containsKey("connect");
  }

  @Test
  void aRestartLosesEverythingAndTheClientIsToldSo() {
    MediaPipeline pipeline = client.createMediaPipeline();
    String session = client.getSessionId();
    String serverId = kms.serverId();

    kms.restart();

    Waits.until(() -> connectionEvents.contains("reconnected:false"), WAIT);
    assertThat(kms.serverId()).isNotEqualTo(serverId);
    assertThat(client.getSessionId()).isNotEqualTo(session);
    assertThatThrownBy(pipeline::getName)
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40101));
    MediaPipeline fresh = client.createMediaPipeline();
    assertThat(kms.objects().pipelines()).extracting(p -> p.id())
        .containsExactly(fresh.getId());
  }

  @Test
  void refusedConnectionsKeepNewClientsOutAndOpenOnesIn() {
    MediaPipeline pipeline = client.createMediaPipeline();
    kms.faults().refuseConnections(true);
    assertThatThrownBy(() -> KurentoClient.create(kms.uri()))
        .isInstanceOf(KurentoException.class);
    pipeline.setName("open-connections-stay");

    kms.faults().refuseConnections(false);
    KurentoClient second = KurentoClient.create(kms.uri());
    try {
      second.createMediaPipeline().release();
    } finally {
      second.destroy();
    }
    assertThat(connectionEvents).doesNotContain("disconnected");
  }

  @Test
  void aClientRetriesUntilConnectionsAreAcceptedAgain() throws Exception {
    MediaPipeline pipeline = client.createMediaPipeline();
    kms.faults().refuseConnectionsFor(Duration.ofMillis(2500));
    kms.faults().dropConnections();
    Waits.until(() -> connectionEvents.contains("disconnected"), WAIT);
    Thread.sleep(300);
    assertThat(connectionEvents).doesNotContain("reconnected:true");

    Waits.until(() -> connectionEvents.contains("reconnected:true"), WAIT);
    assertThat(pipeline.getName()).isEqualTo(pipeline.getId());
  }

  @Test
  void sessionsWithoutAConnectionAreCollected() {
    kms.close();
    // Long enough for the client that stays to reconnect on a loaded machine (CI saw 300 ms missed), short
    // enough for the wait below.
    kms = KurentoEmulator.start(EmulatorOptions.ephemeral()
        .withSessionGcPeriod(Duration.ofSeconds(2)));
    KurentoClient shortLived = KurentoClient.create(kms.uri());
    shortLived.createMediaPipeline();
    KurentoClient stays = KurentoClient.create(kms.uri());
    stays.createMediaPipeline();
    assertThat(kms.objects().count("MediaPipeline")).isEqualTo(2);

    kms.faults().dropConnections();
    shortLived.destroy(); // it will not come back; the other one reconnects

    Waits.until(() -> kms.objects().count("MediaPipeline") == 1, WAIT);
    Waits.until(() -> kms.objects().sessions().contains(stays.getSessionId()), WAIT);
    stays.destroy();
  }
}
