package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.ModuleInfo;
import org.kurento.client.ServerInfo;
import org.kurento.client.ServerManager;
import org.kurento.client.ServerType;

/** The real kurento-client 7.3.0 against the emulator: the ServerManager and a pipeline. */
class KurentoClientSmokeTest {

  private static KurentoEmulator kms;
  private static KurentoClient client;

  @BeforeAll
  static void start() {
    kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
    client = KurentoClient.create(kms.uri());
  }

  @AfterAll
  static void stop() {
    client.destroy();
    kms.close();
  }

  @Test
  void createsAndReleasesAPipeline() {
    MediaPipeline pipeline = client.createMediaPipeline();

    assertThat(pipeline.getId()).matches("[0-9a-f-]{36}_kurento\\.MediaPipeline");
    assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
    assertThat(client.getSessionId()).isNotNull();
    assertThat(kms.objects().sessions()).contains(client.getSessionId());

    pipeline.release();
    assertThat(kms.objects().total()).isZero();
  }

  @Test
  void serverManagerReportsLikeKms() {
    ServerManager manager = client.getServerManager();
    MediaPipeline pipeline = client.createMediaPipeline();
    try {
      ServerInfo info = manager.getInfo();
      assertThat(info.getType()).isEqualTo(ServerType.KMS);
      assertThat(info.getVersion()).isEqualTo("7.3.0");
      assertThat(info.getCapabilities()).contains("transactions");
      assertThat(info.getModules()).extracting(ModuleInfo::getName)
          .containsExactly("core", "elements", "filters");
      assertThat(info.getModules().get(1).getFactories())
          .contains("WebRtcEndpoint", "RecorderEndpoint", "PlayerEndpoint");

      List<MediaPipeline> pipelines = manager.getPipelines();
      assertThat(pipelines).extracting(MediaPipeline::getId).contains(pipeline.getId());
      assertThat(manager.getSessions()).contains(client.getSessionId());
      assertThat(manager.getCpuCount()).isPositive();
      assertThat(manager.getUsedMemory()).isPositive();
      long before = System.nanoTime();
      assertThat(manager.getUsedCpu(150)).isBetween(0f, 100f);
      assertThat((System.nanoTime() - before) / 1_000_000).isGreaterThanOrEqualTo(150);
      assertThat(manager.getKmd("core")).contains("\"name\": \"core\"");
      assertThat(manager.getMetadata()).isEmpty();
    } finally {
      pipeline.release();
    }
  }

  @Test
  void reportedLoadCanBePinned() {
    kms.load().set(42.5f, 123_456L);
    try {
      assertThat(client.getServerManager().getUsedCpu(0)).isEqualTo(42.5f);
      assertThat(client.getServerManager().getUsedMemory()).isEqualTo(123_456L);
    } finally {
      kms.load().set(null, null);
    }
  }

  @Test
  void objectPropertiesRoundTrip() {
    MediaPipeline pipeline = client.createMediaPipeline();
    try {
      assertThat(pipeline.getName()).isEqualTo(pipeline.getId());
      pipeline.setName("room-1");
      assertThat(pipeline.getName()).isEqualTo("room-1");
      assertThat(pipeline.getCreationTime())
          .isCloseTo((int) (System.currentTimeMillis() / 1000), org.assertj.core.data.Offset.offset(5));
      assertThat(pipeline.getMediaPipeline().getId()).isEqualTo(pipeline.getId());
      assertThat(pipeline.getParent()).isNull();
      pipeline.addTag("room", "1");
      assertThat(pipeline.getTag("room")).isEqualTo("1");
      assertThat(pipeline.getTags()).hasSize(1);
      assertThat(pipeline.getGstreamerDot()).startsWith("digraph");
      pipeline.setLatencyStats(true);
      assertThat(pipeline.getLatencyStats()).isTrue();
    } finally {
      pipeline.release();
    }
  }
}
