package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Waits;
import io.vidgate.emulator.testing.ClientPeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.Composite;
import org.kurento.client.ConnectionState;
import org.kurento.client.ConnectionStateChangedEvent;
import org.kurento.client.HubPort;
import org.kurento.client.IceCandidate;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.IceComponentState;
import org.kurento.client.IceComponentStateChangedEvent;
import org.kurento.client.MediaFlowInStateChangedEvent;
import org.kurento.client.MediaFlowOutStateChangedEvent;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.NewCandidatePairSelectedEvent;
import org.kurento.client.PassThrough;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

/**
 * Real media through the emulator: a webrtc-java client publishes a synthetic 320x240 camera to a
 * WebRtcEndpoint; subscribers on other WebRtcEndpoints decode what the pipeline forwards to them,
 * whether they were connected before or after negotiating, directly or through a PassThrough, or
 * as a Composite's grid.
 */
class RealMediaTest {

  private static final Duration MEDIA = Duration.ofSeconds(15);

  @RegisterExtension
  static final EmulatedKms kms = EmulatedKms.withRealMedia();

  private static ClientPeer.Factory clients;

  @BeforeAll
  static void clients() {
    clients = new ClientPeer.Factory();
  }

  @AfterAll
  static void closeClients() {
    clients.close();
  }

  @Test
  void publishedVideoReachesSubscribersWhicheverWayTheyAreConnected() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      // Publisher: the client offers (openvidu-browser's publish), the endpoint answers.
      WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
      BlockingQueue<Object> publisherEvents = new LinkedBlockingQueue<>();
      BlockingQueue<IceCandidateFoundEvent> found = new LinkedBlockingQueue<>();
      publisher.addIceCandidateFoundListener(found::add);
      publisher.addConnectionStateChangedListener(publisherEvents::add);
      publisher.addIceComponentStateChangedListener(publisherEvents::add);
      publisher.addNewCandidatePairSelectedListener(publisherEvents::add);
      publisher.addMediaFlowOutStateChangedListener(publisherEvents::add);
      ClientPeer camera = clients.peer(ClientPeer.directConfig());
      camera.publish(320, 240, 15);
      camera.attach(publisher);
      String answer = publisher.processOffer(camera.offer());
      assertThat(answer).contains("a=fingerprint:sha-256", "a=ice-ufrag:", "VP8/90000", "opus/48000")
          .doesNotContain("VP9", "AV1");
      camera.acceptAnswer(answer);
      publisher.gatherCandidates();

      // Subscriber 1: server offer, connected before it negotiates (openvidu-browser's default).
      WebRtcEndpoint early = new WebRtcEndpoint.Builder(pipeline).build();
      BlockingQueue<MediaFlowInStateChangedEvent> earlyFlowIn = new LinkedBlockingQueue<>();
      early.addMediaFlowInStateChangedListener(earlyFlowIn::add);
      publisher.connect(early);
      ClientPeer earlyViewer = subscribeWithServerOffer(early);

      // Subscriber 2: through a PassThrough.
      PassThrough relay = new PassThrough.Builder(pipeline).build();
      publisher.connect(relay);
      WebRtcEndpoint relayed = new WebRtcEndpoint.Builder(pipeline).build();
      relay.connect(relayed);
      ClientPeer relayedViewer = subscribeWithServerOffer(relayed);

      Waits.until(() -> camera.connected() && earlyViewer.connected(), MEDIA);
      Waits.until(() -> earlyViewer.framesDecoded() >= 20 && relayedViewer.framesDecoded() >= 20,
          MEDIA);

      // Subscriber 3: a client offer, connected only after its media session is up.
      WebRtcEndpoint late = new WebRtcEndpoint.Builder(pipeline).build();
      ClientPeer lateViewer = clients.peer(ClientPeer.directConfig());
      lateViewer.receiveOnly();
      lateViewer.attach(late);
      lateViewer.acceptAnswer(late.processOffer(lateViewer.offer()));
      late.gatherCandidates();
      Waits.until(lateViewer::connected, MEDIA);
      assertThat(lateViewer.framesDecoded()).isZero();
      publisher.connect(late);
      Waits.until(() -> lateViewer.framesDecoded() >= 20, MEDIA);

      for (ClientPeer viewer : List.of(earlyViewer, relayedViewer, lateViewer)) {
        assertThat(viewer.frameSizes()).containsExactly("320x240");
        assertThat(viewer.distinctPictures()).as("the picture changes").isGreaterThan(3);
      }
      // Audio content is not forwarded (no audio device), but an audio stream is: silence.
      Waits.until(() -> earlyViewer.inbound("audio", "packetsReceived") > 0, MEDIA);

      // Events from the peer's real state.
      assertThat(found).extracting(e -> e.getCandidate().getCandidate())
          .allMatch(c -> c.startsWith("candidate:")).anyMatch(c -> c.contains(" typ host"));
      Waits.until(() -> publisherEvents.stream().anyMatch(e ->
          e instanceof MediaFlowOutStateChangedEvent f && f.getMediaType() == MediaType.VIDEO
              && f.getState() == MediaFlowState.FLOWING), MEDIA);
      assertThat(publisherEvents).anyMatch(e -> e instanceof ConnectionStateChangedEvent c
          && c.getNewState() == ConnectionState.CONNECTED);
      assertThat(publisherEvents).anyMatch(e -> e instanceof IceComponentStateChangedEvent i
          && i.getState() == IceComponentState.READY);
      Waits.until(() -> publisherEvents.stream()
          .anyMatch(NewCandidatePairSelectedEvent.class::isInstance), MEDIA);
      assertThat(publisher.getConnectionState()).isEqualTo(ConnectionState.CONNECTED);
      assertThat(early.isMediaFlowingIn(MediaType.VIDEO)).isTrue();
      assertThat(earlyFlowIn).anyMatch(e -> e.getMediaType() == MediaType.VIDEO
          && e.getState() == MediaFlowState.FLOWING);

      // Disconnected: that subscriber's frames stop, the others' go on.
      publisher.disconnect(early);
      Waits.until(() -> earlyViewer.nanosSinceLastFrame() > 1_000_000_000L, MEDIA);
      int stopped = earlyViewer.framesDecoded();
      int others = lateViewer.framesDecoded();
      Waits.until(() -> lateViewer.framesDecoded() > others + 10, MEDIA);
      assertThat(earlyViewer.framesDecoded()).isEqualTo(stopped);

      assertThat(kms.server().livePeerConnections()).isEqualTo(4);
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().livePeerConnections()).isZero();
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void camerasPublishedAtTheSameTimeStaySeparate() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint small = publish(pipeline, 320, 240);
      WebRtcEndpoint large = publish(pipeline, 640, 480);
      WebRtcEndpoint smallView = new WebRtcEndpoint.Builder(pipeline).build();
      WebRtcEndpoint largeView = new WebRtcEndpoint.Builder(pipeline).build();
      small.connect(smallView);
      large.connect(largeView);
      ClientPeer smallViewer = subscribeWithServerOffer(smallView);
      ClientPeer largeViewer = subscribeWithServerOffer(largeView);

      Waits.until(() -> smallViewer.framesDecoded() >= 10 && largeViewer.framesDecoded() >= 10,
          MEDIA);
      assertThat(smallViewer.frameSizes()).containsExactly("320x240");
      assertThat(largeViewer.frameSizes()).containsExactly("640x480");
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().livePeerConnections()).isZero();
  }

  @Test
  void aCompositeSendsItsGridOutOfItsPortsToSubscribers() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint camera = publish(pipeline, 320, 240);
      Composite composite = new Composite.Builder(pipeline).withWidth(480).withHeight(360)
          .build();
      HubPort input = new HubPort.Builder(composite).build();
      HubPort output = new HubPort.Builder(composite).build();
      camera.connect(input);
      WebRtcEndpoint view = new WebRtcEndpoint.Builder(pipeline).build();
      output.connect(view);
      ClientPeer viewer = subscribeWithServerOffer(view);

      Waits.until(() -> viewer.framesDecoded() >= 20, MEDIA);
      // The grid's size, and the one input filling it: the camera's moving picture.
      assertThat(viewer.frameSizes()).containsExactly("480x360");
      assertThat(viewer.distinctPictures()).as("the picture changes").isGreaterThan(3);
      assertThat(view.isMediaFlowingIn(MediaType.VIDEO)).isTrue();
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().livePeerConnections()).isZero();
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void negotiationErrorsKeepKmsCodes() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
      assertThatThrownBy(() -> endpoint.processOffer("hello"))
          .isInstanceOfSatisfying(KurentoServerException.class,
              e -> assertThat(e.getCode()).isEqualTo(40201));
      // Parsable, but libwebrtc cannot use it: no ICE credentials, no fingerprint.
      assertThatThrownBy(() -> endpoint.processOffer(
          "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
              + "c=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n"))
          .isInstanceOfSatisfying(KurentoServerException.class,
              e -> assertThat(e.getCode()).isEqualTo(40205));
      assertThatThrownBy(() -> endpoint.addIceCandidate(new IceCandidate("garbage", "0", 0)))
          .isInstanceOfSatisfying(KurentoServerException.class,
              e -> assertThat(e.getCode()).isEqualTo(40401));
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().livePeerConnections()).isZero();
  }

  private static WebRtcEndpoint publish(MediaPipeline pipeline, int width, int height) {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    clients.peer(ClientPeer.directConfig()).publishTo(endpoint, width, height, 15);
    return endpoint;
  }

  private static ClientPeer subscribeWithServerOffer(WebRtcEndpoint endpoint) {
    ClientPeer viewer = clients.peer(ClientPeer.directConfig());
    viewer.receiveFrom(endpoint);
    assertThat(endpoint.getLocalSessionDescriptor()).contains("a=sendonly")
        .doesNotContain("a=sendrecv");
    return viewer;
  }
}
