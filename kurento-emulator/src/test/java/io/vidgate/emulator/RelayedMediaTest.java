package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCConfiguration;
import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Waits;
import io.vidgate.emulator.testing.ClientPeer;
import io.vidgate.turn.KurentoTurnUrl;
import io.vidgate.turn.TurnCredential;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;
import io.vidgate.turn.testing.LoopbackCoturn;
import io.vidgate.turn.testing.LoopbackCoturn.Transport;
import io.vidgate.turn.testing.RequiresCoturn;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * Media through a real coturn: both clients may only use relayed candidates
 * ({@code iceTransportPolicy: relay}), with short-lived credentials signed as the gateway signs
 * them; the emulator's endpoints get their own through {@code turnUrl}, as the broker sets it.
 */
@RequiresCoturn
class RelayedMediaTest {

  private static final String SECRET = "vidgate-relay-test-secret";
  private static final Duration MEDIA = Duration.ofSeconds(20);

  @RegisterExtension
  static final EmulatedKms kms = EmulatedKms.withRealMedia();

  private static LoopbackCoturn coturn;
  private static TurnCredentialIssuer issuer;
  private static ClientPeer.Factory clients;

  @BeforeAll
  static void start() {
    coturn = LoopbackCoturn.start(SECRET);
    issuer = new TurnCredentialIssuer(
        new TurnSettings(Duration.ofMinutes(10), List.of(SECRET), coturn.turnUris()),
        Clock.systemUTC());
    clients = new ClientPeer.Factory();
  }

  @AfterAll
  static void stop() {
    if (clients != null) {
      clients.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  @Test
  void videoFlowsBetweenRelayOnlyClients() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      WebRtcEndpoint publisher = endpointWithTurn(pipeline, "kms-publisher");
      WebRtcEndpoint subscriber = endpointWithTurn(pipeline, "kms-subscriber");
      publisher.connect(subscriber);

      ClientPeer camera = clients.peer(relayOnly("camera"));
      camera.publishTo(publisher, 320, 240, 15);
      ClientPeer viewer = clients.peer(relayOnly("viewer"));
      viewer.receiveFrom(subscriber);

      Waits.until(() -> viewer.framesDecoded() >= 20, MEDIA);
      assertThat(viewer.frameSizes()).containsExactly("320x240");
      assertThat(viewer.distinctPictures()).isGreaterThan(3);
      assertThat(camera.selectedCandidateTypes()).first().isEqualTo("relay");
      assertThat(viewer.selectedCandidateTypes()).first().isEqualTo("relay");
    } finally {
      pipeline.release();
    }
    assertThat(kms.server().livePeerConnections()).isZero();
  }

  /**
   * The endpoint's own TURN server, from the turnUrl the broker gives it, yields a relay
   * candidate, even when set after processOffer. Checked on an endpoint nobody connects to:
   * libwebrtc stops gathering once ICE connects, which on one machine may be before the TURN
   * allocation is done.
   */
  @Test
  void endpointsGatherRelayCandidatesFromTheirTurnUrl() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try (ClientPeer offerer = clients.peer(ClientPeer.directConfig())) {
      WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
      BlockingQueue<IceCandidateFoundEvent> found = new LinkedBlockingQueue<>();
      endpoint.addIceCandidateFoundListener(found::add);
      offerer.receiveOnly();
      endpoint.processOffer(offerer.offer());
      // Set after the negotiation, before gathering: KMS still uses it, so must the emulator.
      endpoint.setTurnUrl(
          KurentoTurnUrl.format(issuer.issue("kms-endpoint"), coturn.turnUri(Transport.UDP)));
      endpoint.gatherCandidates();

      Waits.until(() -> found.stream().anyMatch(e -> e.getCandidate().getCandidate()
          .contains(" typ relay")), MEDIA);
      assertThat(found).extracting(e -> e.getCandidate().getCandidate())
          .filteredOn(c -> c.contains(" typ relay")).allMatch(c -> c.contains(" 127.0.0.1 "));
    } finally {
      pipeline.release();
    }
  }

  private static RTCConfiguration relayOnly(String user) {
    TurnCredential credential = issuer.issue(user);
    return ClientPeer.relayConfig(List.of(coturn.turnUri(Transport.UDP)), credential.username(),
        credential.password());
  }

  private static WebRtcEndpoint endpointWithTurn(MediaPipeline pipeline, String user) {
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
    // user:password@127.0.0.1:port?transport=udp, the user being "<expiry>:<id>"
    endpoint.setTurnUrl(KurentoTurnUrl.format(issuer.issue(user), coturn.turnUri(Transport.UDP)));
    return endpoint;
  }
}
