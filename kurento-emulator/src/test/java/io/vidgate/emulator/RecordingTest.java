package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Waits;
import io.vidgate.emulator.testing.ClientPeer;
import io.vidgate.emulator.testing.MediaFiles;
import io.vidgate.turn.testing.RequiresPrograms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.UriEndpointState;
import org.kurento.client.WebRtcEndpoint;

/**
 * Recording for real: webrtc-java cameras publish to WebRtcEndpoints, RecorderEndpoints write
 * what the pipeline routes to them through ffmpeg, and the files are read back as a user's player
 * reads them (ffprobe, ffmpeg): streams, duration, moving pictures, a Composite's grid.
 */
@RequiresPrograms(debianPackage = MediaFiles.DEBIAN_PACKAGE, programs = {"ffmpeg", "ffprobe"})
class RecordingTest {

  private static final Duration MEDIA = Duration.ofSeconds(15);

  @RegisterExtension
  static final EmulatedKms kms = EmulatedKms.withRealMedia();

  private static ClientPeer.Factory clients;

  @TempDir
  Path dir;

  @BeforeAll
  static void clients() {
    clients = new ClientPeer.Factory();
  }

  @AfterAll
  static void closeClients() {
    clients.close();
  }

  @Test
  void recorderWritesAWebmOfTheRecordedTimeFromThePublishedVideo() throws Exception {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint publisher = publish(pipeline, 320, 240);
      // A directory that does not exist yet: KMS creates it.
      Path file = dir.resolve("new/dir/stream.webm");
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, file.toUri().toString())
          .withMediaProfile(MediaProfileSpecType.WEBM).build();
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      recorder.addRecordingListener(e -> events.add("Recording"));
      recorder.addStoppedListener(e -> events.add("Stopped"));
      recorder.addUriEndpointStateChangedListener(e -> events.add("state " + e.getState()));
      publisher.connect(recorder);
      Waits.until(() -> recorder.isMediaFlowingIn(MediaType.VIDEO), MEDIA);

      recorder.record();
      long started = System.nanoTime();
      Thread.sleep(4000);
      recorder.stopAndWait();
      double recorded = (System.nanoTime() - started) / 1e9;

      // stopAndWait is answered once the file is complete (KMS raises Stopped before; the
      // client may run listeners after the answer, so only their arrival is checked).
      Waits.until(() -> events.size() == 4, MEDIA);
      assertThat(events).containsExactlyInAnyOrder("state START", "Recording", "state STOP",
          "Stopped");
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);
      MediaFiles.Probe probe = MediaFiles.probe(file);
      assertThat(probe.video()).hasValueSatisfying(v -> {
        assertThat(v.codec()).isEqualTo("vp8");
        assertThat(v.width()).isEqualTo(320);
        assertThat(v.height()).isEqualTo(240);
      });
      assertThat(probe.audio()).hasValueSatisfying(a -> assertThat(a.codec()).isEqualTo("opus"));
      assertThat(probe.durationSeconds()).isCloseTo(recorded, within(0.5));
      double change = MediaFiles.picture(file, 1.0)
          .differenceFrom(MediaFiles.picture(file, probe.durationSeconds() - 1.0));
      assertThat(change).as("the picture changes").isGreaterThan(5);

      recorder.release();
      assertThat(kms.server().objects().count("RecorderEndpoint")).isZero();
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void videoOnlyProfileHasNoAudioAndReleasingARecordingRecorderFinishesTheFile()
      throws Exception {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    Path file = dir.resolve("video-only.webm");
    try {
      WebRtcEndpoint publisher = publish(pipeline, 320, 240);
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, file.toUri().toString())
          .withMediaProfile(MediaProfileSpecType.WEBM_VIDEO_ONLY).build();
      publisher.connect(recorder);
      Waits.until(() -> recorder.isMediaFlowingIn(MediaType.VIDEO), MEDIA);
      recorder.record();
      Thread.sleep(2000);
    } finally {
      // No stop: the pipeline's release finishes the file before it is answered, as in KMS.
      pipeline.release();
    }
    MediaFiles.Probe probe = MediaFiles.probe(file);
    assertThat(probe.video()).isPresent();
    assertThat(probe.audio()).isEmpty();
    assertThat(probe.durationSeconds()).isCloseTo(2.0, within(0.5));
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void compositeRecordsAGridOfItsInputs() throws Exception {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint red = publish(pipeline, 320, 240, 90, 240);
      WebRtcEndpoint blue = publish(pipeline, 320, 240, 240, 90);
      Composite composite = new Composite.Builder(pipeline).withWidth(640).withHeight(240)
          .withFramerate(10).build();
      HubPort redPort = new HubPort.Builder(composite).build();
      HubPort bluePort = new HubPort.Builder(composite).build();
      HubPort output = new HubPort.Builder(composite).build();
      red.connect(redPort);
      blue.connect(bluePort);
      Path file = dir.resolve("composed.webm");
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, file.toUri().toString())
          .build();
      output.connect(recorder);
      // The output port sends the grid although nothing is connected into it.
      Waits.until(() -> recorder.isMediaFlowingIn(MediaType.VIDEO), MEDIA);
      recorder.record();
      Thread.sleep(3000);
      recorder.stopAndWait();

      MediaFiles.Probe probe = MediaFiles.probe(file);
      assertThat(probe.video()).hasValueSatisfying(v -> {
        assertThat(List.of(v.width(), v.height())).containsExactly(640, 240);
        assertThat(v.frameRate()).isEqualTo(10.0);
      });
      assertThat(probe.audio()).isPresent();
      assertThat(probe.durationSeconds()).isCloseTo(3.0, within(0.5));
      // Two inputs side by side: the first port's camera on the left, the second's on the right.
      MediaFiles.Picture grid = MediaFiles.picture(file, 2.0);
      double[] left = grid.meanRgb(40, 40, 280, 200);
      double[] right = grid.meanRgb(360, 40, 600, 200);
      assertThat(left[0]).as("left tile is red").isGreaterThan(left[2] + 40);
      assertThat(right[2]).as("right tile is blue").isGreaterThan(right[0] + 40);

      // A released port's tile goes: the one input left fills the grid's height, centred.
      redPort.release();
      assertThat(kms.server().objects().count("HubPort")).isEqualTo(2);
      Path after = dir.resolve("one-left.webm");
      RecorderEndpoint second = new RecorderEndpoint.Builder(pipeline, after.toUri().toString())
          .build();
      output.connect(second);
      second.record();
      Thread.sleep(1500);
      second.stopAndWait();
      MediaFiles.Picture alone = MediaFiles.picture(after, 1.0);
      double[] centre = alone.meanRgb(200, 40, 440, 200);
      double[] side = alone.meanRgb(10, 40, 140, 200);
      assertThat(centre[2]).as("the blue camera in the middle").isGreaterThan(centre[0] + 40);
      assertThat(side[0] + side[1] + side[2]).as("black beside it, no red tile").isLessThan(90);

      composite.release();
      assertThat(kms.server().objects().count("HubPort")).isZero();
      assertThat(kms.server().objects().count("Composite")).isZero();
      recorder.release();
      second.release();
      assertThat(kms.server().objects().count("RecorderEndpoint")).isZero();
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().objects().total()).isZero();
  }

  private static WebRtcEndpoint publish(MediaPipeline pipeline, int width, int height) {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    clients.peer(ClientPeer.directConfig()).publishTo(endpoint, width, height, 15);
    return endpoint;
  }

  private static WebRtcEndpoint publish(MediaPipeline pipeline, int width, int height, int u,
      int v) {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    ClientPeer camera = clients.peer(ClientPeer.directConfig());
    camera.publishTo(endpoint, width, height, 15);
    camera.tint(u, v);
    return endpoint;
  }
}
