package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Sdps;
import io.vidgate.emulator.support.Waits;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.Composite;
import org.kurento.client.ConnectionState;
import org.kurento.client.ConnectionStateChangedEvent;
import org.kurento.client.ErrorEvent;
import org.kurento.client.HubPort;
import org.kurento.client.IceCandidate;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.IceComponentState;
import org.kurento.client.IceComponentStateChangedEvent;
import org.kurento.client.IceGatheringDoneEvent;
import org.kurento.client.MediaFlowInStateChangedEvent;
import org.kurento.client.MediaFlowOutStateChangedEvent;
import org.kurento.client.MediaFlowState;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaSessionStartedEvent;
import org.kurento.client.MediaState;
import org.kurento.client.MediaStateChangedEvent;
import org.kurento.client.MediaType;
import org.kurento.client.NewCandidatePairSelectedEvent;
import org.kurento.client.OfferOptions;
import org.kurento.client.PassThrough;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.client.internal.server.KurentoServerException;

/** WebRtcEndpoint through the real kurento-client: negotiation, ICE, events, errors. */
class WebRtcEndpointClientTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms();

  private MediaPipeline pipeline;

  @BeforeEach
  void pipeline() {
    pipeline = kms.client().createMediaPipeline();
  }

  @AfterEach
  void release() {
    pipeline.release();
    assertThat(kms.server().objects().total()).isZero();
  }

  @Test
  void publishLikeABrowserWithTrickleIce() {
    WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
    BlockingQueue<IceCandidateFoundEvent> candidates = new LinkedBlockingQueue<>();
    BlockingQueue<Object> done = new LinkedBlockingQueue<>();
    BlockingQueue<IceComponentStateChangedEvent> ice = new LinkedBlockingQueue<>();
    BlockingQueue<Object> connected = new LinkedBlockingQueue<>();
    BlockingQueue<MediaFlowOutStateChangedEvent> flowOut = new LinkedBlockingQueue<>();
    publisher.addIceCandidateFoundListener(candidates::add);
    publisher.addIceGatheringDoneListener(done::add);
    publisher.addIceComponentStateChangedListener(ice::add);
    publisher.addNewCandidatePairSelectedListener(connected::add);
    publisher.addConnectionStateChangedListener(connected::add);
    publisher.addMediaStateChangedListener(connected::add);
    publisher.addMediaSessionStartedListener(connected::add);
    publisher.addMediaFlowOutStateChangedListener(flowOut::add);

    String answer = publisher.processOffer(Sdps.chromeOffer());
    publisher.gatherCandidates();

    assertThat(answer).startsWith("v=0\r\n").contains("a=mid:0", "a=mid:1",
        "a=group:BUNDLE 0 1", "a=setup:active", "a=sendrecv");
    IceCandidateFoundEvent first = Waits.next(candidates);
    IceCandidate c = first.getCandidate();
    assertThat(c.getCandidate()).startsWith("candidate:").contains(" typ host");
    assertThat(c.getSdpMid()).isEqualTo("0");
    assertThat(c.getSdpMLineIndex()).isZero();
    assertThat(first.getSource().getId()).isEqualTo(publisher.getId());
    assertThat(first.getType()).isEqualTo("IceCandidateFound");
    assertThat(Long.parseLong(first.getTimestampMillis())).isPositive();
    Waits.next(done);

    assertThat(publisher.getConnectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    publisher.addIceCandidate(new IceCandidate(Sdps.BROWSER_CANDIDATE, "0", 0));

    Waits.until(() -> connected.size() >= 4, WAIT);
    assertThat(connected).hasAtLeastOneElementOfType(NewCandidatePairSelectedEvent.class)
        .hasAtLeastOneElementOfType(ConnectionStateChangedEvent.class)
        .hasAtLeastOneElementOfType(MediaStateChangedEvent.class)
        .hasAtLeastOneElementOfType(MediaSessionStartedEvent.class);
    Waits.until(() -> ice.stream().anyMatch(e -> e.getState() == IceComponentState.READY), WAIT);
    assertThat(publisher.getConnectionState()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(publisher.getMediaState()).isEqualTo(MediaState.CONNECTED);
    assertThat(publisher.getICECandidatePairs()).hasSize(1);
    assertThat(publisher.getIceConnectionState()).hasSize(1);

    Waits.until(() -> flowOut.size() >= 2, WAIT);
    assertThat(flowOut).extracting(MediaFlowOutStateChangedEvent::getState)
        .containsOnly(MediaFlowState.FLOWING);
    assertThat(flowOut).extracting(MediaFlowOutStateChangedEvent::getMediaType)
        .containsExactlyInAnyOrder(MediaType.AUDIO, MediaType.VIDEO);
    assertThat(publisher.isMediaFlowingOut(MediaType.VIDEO)).isTrue();
    assertThat(publisher.isMediaFlowingIn(MediaType.VIDEO)).isFalse();
  }

  @Test
  void subscriberReceivesMediaOnceConnectedToAFlowingPublisher() {
    WebRtcEndpoint publisher = connectedPublisher();
    WebRtcEndpoint subscriber = new WebRtcEndpoint.Builder(pipeline).sendonly().build();
    BlockingQueue<MediaFlowInStateChangedEvent> flowIn = new LinkedBlockingQueue<>();
    subscriber.addMediaFlowInStateChangedListener(flowIn::add);

    String offer = subscriber.generateOffer();
    assertThat(offer).contains("a=sendonly").doesNotContain("a=recvonly");
    publisher.connect(subscriber);

    Waits.until(() -> flowIn.size() >= 2, WAIT);
    assertThat(flowIn).extracting(MediaFlowInStateChangedEvent::getState)
        .containsOnly(MediaFlowState.FLOWING);
    assertThat(subscriber.isMediaFlowingIn(MediaType.AUDIO)).isTrue();

    publisher.disconnect(subscriber);
    Waits.until(() -> flowIn.size() >= 4, WAIT);
    assertThat(subscriber.isMediaFlowingIn(MediaType.AUDIO)).isFalse();
  }

  @Test
  void flowFollowsAChainAndStopsBelowAReleasedElementOnly() {
    // Connected before the publisher sends anything: its media must reach down the chain.
    WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
    PassThrough pass = new PassThrough.Builder(pipeline).build();
    WebRtcEndpoint viaPass = new WebRtcEndpoint.Builder(pipeline).sendonly().build();
    WebRtcEndpoint direct = new WebRtcEndpoint.Builder(pipeline).sendonly().build();
    publisher.connect(pass);
    pass.connect(viaPass);
    publisher.connect(direct);
    publisher.processOffer(Sdps.chromeOffer());
    publisher.gatherCandidates();
    publisher.addIceCandidate(new IceCandidate(Sdps.BROWSER_CANDIDATE, "0", 0));
    Waits.until(() -> viaPass.isMediaFlowingIn(MediaType.VIDEO)
        && direct.isMediaFlowingIn(MediaType.VIDEO), WAIT);
    assertThat(pass.isMediaFlowingOut(MediaType.AUDIO)).isTrue();

    pass.release();
    assertThat(viaPass.isMediaFlowingIn(MediaType.VIDEO)).isFalse();
    assertThat(direct.isMediaFlowingIn(MediaType.VIDEO)).isTrue();
    assertThat(publisher.isMediaFlowingOut(MediaType.VIDEO)).isTrue();

    publisher.release();
    assertThat(direct.isMediaFlowingIn(MediaType.VIDEO)).isFalse();
  }

  @Test
  void everyPortOfACompositeSendsWhileAnyPortReceives() {
    WebRtcEndpoint publisher = connectedPublisher();
    Composite composite = new Composite.Builder(pipeline).build();
    HubPort input = new HubPort.Builder(composite).build();
    HubPort output = new HubPort.Builder(composite).build();
    RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, "file:///nowhere.webm")
        .build();
    output.connect(recorder);
    publisher.connect(input);
    // Nothing is connected into the output port: it sends the grid, video, and the audio of the
    // other port (KMS mixes every port's audio but its own).
    Waits.until(() -> recorder.isMediaFlowingIn(MediaType.VIDEO), WAIT);
    assertThat(output.isMediaFlowingOut(MediaType.AUDIO)).isTrue();
    assertThat(input.isMediaFlowingOut(MediaType.AUDIO)).isFalse();

    input.release();
    assertThat(recorder.isMediaFlowingIn(MediaType.VIDEO)).isFalse();
    assertThat(output.isMediaFlowingOut(MediaType.VIDEO)).isFalse();
    composite.release();
    assertThat(kms.server().objects().count("HubPort")).isZero();
  }

  @Test
  void releasingAnEndpointLeavesTheOthersSubscriptionsWorking() {
    WebRtcEndpoint released = new WebRtcEndpoint.Builder(pipeline).build();
    WebRtcEndpoint kept = new WebRtcEndpoint.Builder(pipeline).build();
    BlockingQueue<Object> errors = new LinkedBlockingQueue<>();
    released.addErrorListener(errors::add);
    kept.addErrorListener(errors::add);
    kept.addIceCandidateFoundListener(errors::add);
    int before = kms.server().objects().subscriptions();

    released.release();

    assertThat(kms.server().objects().subscriptions()).isEqualTo(before - 1);
    assertThat(kms.server().raiseError(kept.getId(), "RESOURCE_ERROR_OPEN", 6, "gone")).isOne();
    assertThat(Waits.next(errors)).isInstanceOf(ErrorEvent.class);
  }

  private WebRtcEndpoint connectedPublisher() {
    WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build();
    publisher.processOffer(Sdps.chromeOffer());
    publisher.gatherCandidates();
    publisher.addIceCandidate(new IceCandidate(Sdps.BROWSER_CANDIDATE, "0", 0));
    Waits.until(() -> publisher.isMediaFlowingOut(MediaType.VIDEO), WAIT);
    return publisher;
  }

  @Test
  void offerAnswerInitiatedByKurento() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    OfferOptions options = new OfferOptions();
    options.setOfferToReceiveVideo(false);
    String offer = endpoint.generateOffer(options);
    assertThat(offer).contains("m=audio", "m=video", "a=setup:actpass");
    assertThat(endpoint.getLocalSessionDescriptor()).isEqualTo(offer);
    assertThat(endpoint.getRemoteSessionDescriptor()).isNull();

    String browserAnswer = Sdps.chromeOffer("sendrecv", "recvonly").replace("a=setup:actpass",
        "a=setup:active");
    assertThat(endpoint.processAnswer(browserAnswer)).isEqualTo(offer);
    assertThat(endpoint.getRemoteSessionDescriptor()).isEqualTo(browserAnswer);

    assertThatThrownBy(() -> endpoint.processAnswer(browserAnswer))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40210));
    assertThatThrownBy(() -> endpoint.generateOffer())
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40208));
  }

  @Test
  void negotiationErrorsCarryKmsCodes() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    assertThatThrownBy(() -> endpoint.processOffer("hello"))
        .isInstanceOfSatisfying(KurentoServerException.class, e -> {
          assertThat(e.getCode()).isEqualTo(40201);
          assertThat(e.getMessage()).contains("SDP_PARSE_ERROR");
        });
    assertThatThrownBy(() -> endpoint.processOffer("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n"))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40201));
    assertThatThrownBy(() -> endpoint.processAnswer(Sdps.chromeOffer()))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40209));
    endpoint.processOffer(Sdps.chromeOffer());
    assertThatThrownBy(() -> endpoint.processOffer(Sdps.chromeOffer()))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40208));
    assertThatThrownBy(() -> endpoint.addIceCandidate(new IceCandidate("garbage", "0", 0)))
        .isInstanceOfSatisfying(KurentoServerException.class,
            e -> assertThat(e.getCode()).isEqualTo(40401));
    endpoint.addIceCandidate(new IceCandidate("", "0", 0)); // end-of-candidates is fine
  }

  @Test
  void iceAndBandwidthSettingsRoundTrip() {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    assertThat(endpoint.getStunServerAddress()).isEmpty();
    assertThat(endpoint.getMinVideoSendBandwidth()).isEqualTo(100);
    assertThat(endpoint.getMaxVideoSendBandwidth()).isEqualTo(500);
    assertThat(endpoint.getMaxVideoRecvBandwidth()).isZero();
    assertThat(endpoint.getMtu()).isEqualTo(1200);
    assertThat(endpoint.getIceTcp()).isTrue();

    endpoint.setStunServerAddress("192.0.2.1");
    endpoint.setStunServerPort(3479);
    endpoint.setTurnUrl("user:pass@192.0.2.2:3478?transport=udp");
    endpoint.setMaxVideoRecvBandwidth(2000);
    endpoint.setMinVideoRecvBandwidth(300);
    endpoint.setMaxVideoSendBandwidth(1500);
    endpoint.setMinVideoSendBandwidth(200);
    endpoint.setMaxAudioRecvBandwidth(64);
    endpoint.setExternalIPv4("203.0.113.9");

    assertThat(endpoint.getStunServerAddress()).isEqualTo("192.0.2.1");
    assertThat(endpoint.getStunServerPort()).isEqualTo(3479);
    assertThat(endpoint.getTurnUrl()).isEqualTo("user:pass@192.0.2.2:3478?transport=udp");
    assertThat(endpoint.getMaxVideoRecvBandwidth()).isEqualTo(2000);
    assertThat(endpoint.getMinVideoRecvBandwidth()).isEqualTo(300);
    assertThat(endpoint.getMaxVideoSendBandwidth()).isEqualTo(1500);
    assertThat(endpoint.getMinVideoSendBandwidth()).isEqualTo(200);
    assertThat(endpoint.getMaxAudioRecvBandwidth()).isEqualTo(64);

    BlockingQueue<IceCandidateFoundEvent> candidates = new LinkedBlockingQueue<>();
    BlockingQueue<IceGatheringDoneEvent> done = new LinkedBlockingQueue<>();
    endpoint.addIceCandidateFoundListener(candidates::add);
    endpoint.addIceGatheringDoneListener(done::add);
    endpoint.gatherCandidates();
    endpoint.processOffer(Sdps.chromeOffer());
    Waits.next(done);
    Waits.until(() -> candidates.size() >= 5, WAIT);
    assertThat(candidates).extracting(e -> e.getCandidate().getCandidate())
        .anyMatch(c -> c.contains("203.0.113.9") && c.contains("typ host"))
        .anyMatch(c -> c.contains("typ srflx"))
        .anyMatch(c -> c.contains("192.0.2.2") && c.contains("typ relay"))
        .anyMatch(c -> c.contains("tcptype passive"));
  }
}
