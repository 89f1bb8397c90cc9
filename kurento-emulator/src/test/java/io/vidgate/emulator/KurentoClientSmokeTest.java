package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.support.EmulatedKms;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.MediaPipeline;
import org.kurento.client.ModuleInfo;
import org.kurento.client.ServerInfo;
import org.kurento.client.ServerManager;
import org.kurento.client.ServerType;

/** The real kurento-client 7.3.0 against the emulator: the ServerManager and a pipeline. */
class KurentoClientSmokeTest {

  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms();

  @Test
  void createsAndReleasesAPipeline() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();

    assertThat(pipeline.getId()).matches("[0-9a-f-]{36}_kurento\\.MediaPipeline");
    assertThat(kms.server().objects().count("MediaPipeline")).isEqualTo(1);
    assertThat(kms.client().getSessionId()).isNotNull();
    assertThat(kms.server().objects().sessions()).contains(kms.client().getSessionId());

    pipeline.release();
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void serverManagerReportsLikeKms() {
    ServerManager manager = kms.client().getServerManager();
    MediaPipeline pipeline = kms.client().createMediaPipeline();
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
      assertThat(manager.getSessions()).contains(kms.client().getSessionId());
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
    kms.server().load().set(42.5f, 123_456L);
    try {
      assertThat(kms.client().getServerManager().getUsedCpu(0)).isEqualTo(42.5f);
      assertThat(kms.client().getServerManager().getUsedMemory()).isEqualTo(123_456L);
    } finally {
      kms.server().load().set(null, null);
    }
  }

  @Test
  void objectPropertiesRoundTrip() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
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
