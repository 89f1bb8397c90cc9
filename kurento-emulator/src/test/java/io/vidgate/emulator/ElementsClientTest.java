package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kurento.client.ElementConnectedEvent;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.ErrorEvent;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.PassThrough;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RecordingEvent;
import org.kurento.client.StoppedEvent;
import org.kurento.client.UriEndpointState;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

/** Connections, names, release and recorders through the real kurento-client. */
class ElementsClientTest {

  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms();

  @TempDir
  Path dir;

  @Test
  void connectionsAreListedOnBothSides() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint source = new WebRtcEndpoint.Builder(pipeline).build();
      PassThrough pass = new PassThrough.Builder(pipeline).build();
      BlockingQueue<ElementConnectedEvent> connected = new LinkedBlockingQueue<>();
      source.addElementConnectedListener(connected::add);

      source.connect(pass);
      pass.connect(source, MediaType.VIDEO);

      List<ElementConnectionData> sinks = source.getSinkConnections();
      assertThat(sinks).extracting(ElementConnectionData::getType)
          .containsExactlyInAnyOrder(MediaType.AUDIO, MediaType.VIDEO, MediaType.DATA);
      assertThat(sinks).allSatisfy(c -> {
        assertThat(c.getSink().getId()).isEqualTo(pass.getId());
        assertThat(c.getSource().getId()).isEqualTo(source.getId());
        assertThat(c.getSourceDescription()).isEqualTo("default");
      });
      assertThat(pass.getSourceConnections()).hasSize(3);
      assertThat(source.getSourceConnections(MediaType.VIDEO)).hasSize(1);
      assertThat(source.getSourceConnections(MediaType.AUDIO)).isEmpty();
      Waits.until(() -> connected.size() == 3, Duration.ofSeconds(5));
      assertThat(connected.peek().getSink().getId()).isEqualTo(pass.getId());

      source.disconnect(pass, MediaType.AUDIO);
      assertThat(source.getSinkConnections()).hasSize(2);
      source.disconnect(pass);
      assertThat(source.getSinkConnections()).isEmpty();
      assertThat(pass.getChildren()).isEmpty();
      assertThat(pipeline.getChildren()).extracting(o -> o.getId())
          .containsExactlyInAnyOrder(source.getId(), pass.getId());
      assertThat(pass.getMediaPipeline().getId()).isEqualTo(pipeline.getId());
      assertThat(pass.getParent().getId()).isEqualTo(pipeline.getId());
    } finally {
      pipeline.release();
    }
  }

  @Test
  void aNewSourceReplacesTheOldOneOnASinkPad() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      PassThrough a = new PassThrough.Builder(pipeline).build();
      PassThrough b = new PassThrough.Builder(pipeline).build();
      PassThrough sink = new PassThrough.Builder(pipeline).build();
      a.connect(sink);
      b.connect(sink, MediaType.VIDEO);
      assertThat(sink.getSourceConnections()).extracting(c -> c.getSource().getId() + c.getType())
          .containsExactlyInAnyOrder(a.getId() + "AUDIO", a.getId() + "DATA", b.getId() + "VIDEO");
    } finally {
      pipeline.release();
    }
  }

  @Test
  void elementsOfDifferentPipelinesDoNotConnect() {
    MediaPipeline p1 = kms.client().createMediaPipeline();
    MediaPipeline p2 = kms.client().createMediaPipeline();
    try {
      PassThrough a = new PassThrough.Builder(p1).build();
      PassThrough b = new PassThrough.Builder(p2).build();
      assertThatThrownBy(() -> a.connect(b))
          .isInstanceOfSatisfying(KurentoServerException.class, e -> {
            assertThat(e.getCode()).isEqualTo(40004);
            assertThat(e.getServerMessage()).isEqualTo("Media elements do not share pipeline");
          });
    } finally {
      p1.release();
      p2.release();
    }
  }

  @Test
  void releasedObjectsAreGoneForEverybody() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    PassThrough pass = new PassThrough.Builder(pipeline).build();
    pass.setName("pass-1");
    assertThat(pass.getName()).isEqualTo("pass-1");
    pass.release();
    assertThatThrownBy(pass::getName)
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40101);
          assertThat(e.getServerMessage()).isEqualTo("Object '" + pass.getId() + "' not found");
        });
    pass.release(); // idempotent

    MediaElement other = new PassThrough.Builder(pipeline).build();
    pipeline.release();
    assertThat(kms.server().objects().total()).isZero();
    assertThatThrownBy(() -> other.setName("x"))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40101));
    assertThatThrownBy(() -> new PassThrough.Builder(pipeline).build())
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40101));
  }

  @Test
  void recorderGoesThroughItsStatesWithEvents() throws InterruptedException {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      String uri = dir.resolve("x.webm").toUri().toString();
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, uri)
          .withMediaProfile(MediaProfileSpecType.WEBM).stopOnEndOfStream().build();
      BlockingQueue<Object> events = new LinkedBlockingQueue<>();
      recorder.addRecordingListener(events::add);
      recorder.addStoppedListener(events::add);
      assertThat(recorder.getUri()).isEqualTo(uri);
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);

      recorder.record();
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.START);
      assertThat(Waits.next(events)).isInstanceOf(RecordingEvent.class);
      recorder.stopAndWait();
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);
      assertThat(Waits.next(events)).isInstanceOf(StoppedEvent.class);

      // A stopped recorder does not record again (KMS: "Recorder is stopped"), silently.
      recorder.record();
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);
      recorder.stop();
      assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      pipeline.release();
    }
  }

  @Test
  void errorEventsReachListeners() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      RecorderEndpoint recorder =
          new RecorderEndpoint.Builder(pipeline, "file:///nope/x.webm").build();
      BlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();
      recorder.addErrorListener(errors::add);

      assertThat(kms.server().raiseError(recorder.getId(), "RESOURCE_ERROR_OPEN", 6,
          "Could not open file")).isEqualTo(1);

      ErrorEvent error = Waits.next(errors);
      assertThat(error.getType()).isEqualTo("RESOURCE_ERROR_OPEN");
      assertThat(error.getErrorCode()).isEqualTo(6);
      assertThat(error.getDescription()).isEqualTo("Could not open file");
      assertThat(error.getSource().getId()).isEqualTo(recorder.getId());
    } finally {
      pipeline.release();
    }
  }
}
