package io.vidgate.emulator.testing;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import io.vidgate.emulator.webrtc.real.NativeRefs;
import io.vidgate.emulator.webrtc.real.PeerStats;
import io.vidgate.emulator.webrtc.real.SessionDescriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.kurento.client.Continuation;
import org.kurento.client.IceCandidate;
import org.kurento.client.OfferOptions;
import org.kurento.client.WebRtcEndpoint;

/**
 * A WebRTC client on webrtc-java, standing where a browser would: it publishes a synthetic camera
 * (I420 frames of a pattern that moves every frame, and a 440 Hz tone) or receives and decodes.
 * Candidates are trickled both ways with a WebRtcEndpoint through kurento-client.
 *
 * <pre>{@code
 * try (ClientPeer.Factory clients = new ClientPeer.Factory();
 *      ClientPeer camera = clients.peer(ClientPeer.directConfig())) {
 *   camera.publish(320, 240, 15);
 *   camera.attach(endpoint);
 *   camera.acceptAnswer(endpoint.processOffer(camera.offer()));
 *   endpoint.gatherCandidates();
 * }
 * }</pre>
 */
public final class ClientPeer implements AutoCloseable {

  /** The clients' own libwebrtc (separate from the emulator's), on the dummy audio device. */
  public static final class Factory implements AutoCloseable {

    private final AudioDeviceModule audio = new AudioDeviceModule(AudioLayer.kDummyAudio);
    private final PeerConnectionFactory factory = new PeerConnectionFactory(audio);
    private final List<ClientPeer> peers = new ArrayList<>();

    public synchronized ClientPeer peer(RTCConfiguration config) {
      ClientPeer peer = new ClientPeer(factory, config);
      peers.add(peer);
      return peer;
    }

    @Override
    public synchronized void close() {
      peers.forEach(ClientPeer::close);
      factory.dispose();
      audio.dispose();
    }
  }

  private final PeerConnectionFactory factory;
  private final RTCPeerConnection pc;
  // Candidates both ways, guarded by `candidates`; never held while calling into libwebrtc's
  // signaling thread, whose callbacks take it too.
  private final Object candidates = new Object();
  private final List<RTCIceCandidate> earlyRemote = new ArrayList<>();
  private boolean remoteSet;
  private volatile boolean closed;
  private WebRtcEndpoint endpoint;
  private final List<IceCandidate> earlyLocal = new ArrayList<>();

  private SyntheticCamera camera;
  // What close() frees: native references webrtc-java hands out (see NativeRefs), then the
  // camera, the placeholder tracks and sources this client made.
  private final List<Long> references = new ArrayList<>();
  private final List<MediaStreamTrack> tracks = new ArrayList<>();
  private final List<Object> sources = new ArrayList<>();

  private final DecodedVideo decoded = new DecodedVideo();
  private final ClientObserver observer = new ClientObserver(this::localCandidate, decoded);

  private ClientPeer(PeerConnectionFactory factory, RTCConfiguration config) {
    this.factory = factory;
    this.pc = factory.createPeerConnection(config, observer);
    references.add(NativeRefs.handle(pc));
  }

  /** Host candidates, no STUN or TURN: what peers on one machine need. */
  public static RTCConfiguration directConfig() {
    return new RTCConfiguration();
  }

  /** Relayed only ({@code iceTransportPolicy: relay}) through this TURN server. */
  public static RTCConfiguration relayConfig(List<String> turnUris, String username,
      String password) {
    RTCConfiguration config = new RTCConfiguration();
    RTCIceServer turn = new RTCIceServer();
    turn.urls = turnUris;
    turn.username = username;
    turn.password = password;
    config.iceServers = List.of(turn);
    config.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
    return config;
  }

  // --- roles ----------------------------------------------------------------------------------

  /** Sends a synthetic camera and microphone: frames from now on, audio once connected. */
  public void publish(int width, int height, int fps) {
    publish(width, height, fps, false);
  }

  /**
   * The same, with sensor-like noise over the moving pattern when {@code noisy}: a harder picture
   * to encode, as a real camera's is.
   */
  public void publish(int width, int height, int fps, boolean noisy) {
    camera = new SyntheticCamera(factory);
    references.addAll(camera.addTo(pc));
    camera.start(width, height, fps, noisy);
    camera.startTone(() -> observer.connected() && !closed);
  }

  /** Colours the published picture (see {@link SyntheticCamera#tint}); after publishing. */
  public void tint(int u, int v) {
    camera.tint(u, v);
  }

  /** For a client offer that only receives: recvonly audio and video. */
  public void receiveOnly() {
    CustomAudioSource silent = new CustomAudioSource();
    CustomVideoSource black = new CustomVideoSource();
    sources.addAll(List.of(silent, black));
    for (MediaStreamTrack placeholder : List.of(
        factory.createAudioTrack("placeholder-audio", silent),
        factory.createVideoTrack("placeholder-video", black))) {
      tracks.add(placeholder);
      RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
      init.direction = RTCRtpTransceiverDirection.RECV_ONLY;
      references.add(NativeRefs.handle(pc.addTransceiver(placeholder, init)));
    }
  }

  // --- signaling ------------------------------------------------------------------------------

  /** Publishes to the endpoint as openvidu-browser does: the client offers, then gathering. */
  public void publishTo(WebRtcEndpoint endpoint, int width, int height, int fps) {
    publishTo(endpoint, width, height, fps, false);
  }

  public void publishTo(WebRtcEndpoint endpoint, int width, int height, int fps, boolean noisy) {
    publish(width, height, fps, noisy);
    attach(endpoint);
    acceptAnswer(endpoint.processOffer(offer()));
    endpoint.gatherCandidates();
  }

  /**
   * Receives from the endpoint as openvidu-browser subscribes by default: the endpoint offers,
   * sending only, the client answers.
   */
  public void receiveFrom(WebRtcEndpoint endpoint) {
    attach(endpoint);
    OfferOptions options = new OfferOptions();
    options.setOfferToReceiveAudio(false);
    options.setOfferToReceiveVideo(false);
    endpoint.processAnswer(answer(endpoint.generateOffer(options)));
    endpoint.gatherCandidates();
  }

  /** Trickles candidates both ways with this endpoint (call before negotiating). */
  public void attach(WebRtcEndpoint value) {
    value.addIceCandidateFoundListener(event -> addRemoteCandidate(event.getCandidate()));
    synchronized (candidates) {
      endpoint = value;
      earlyLocal.forEach(this::sendCandidate);
      earlyLocal.clear();
    }
  }

  public String offer() {
    RTCSessionDescription offer = describe(true);
    apply(offer, true);
    return offer.sdp;
  }

  public void acceptAnswer(String answer) {
    apply(new RTCSessionDescription(RTCSdpType.ANSWER, answer), false);
    drainRemote();
  }

  public String answer(String offer) {
    apply(new RTCSessionDescription(RTCSdpType.OFFER, offer), false);
    drainRemote();
    RTCSessionDescription answer = describe(false);
    apply(answer, true);
    return answer.sdp;
  }

  private void addRemoteCandidate(IceCandidate c) {
    RTCIceCandidate candidate =
        new RTCIceCandidate(c.getSdpMid(), c.getSdpMLineIndex(), c.getCandidate());
    synchronized (candidates) {
      if (!remoteSet) {
        earlyRemote.add(candidate);
        return;
      }
    }
    if (!closed) {
      pc.addIceCandidate(candidate);
    }
  }

  private void drainRemote() {
    List<RTCIceCandidate> early;
    synchronized (candidates) {
      remoteSet = true;
      early = List.copyOf(earlyRemote);
      earlyRemote.clear();
    }
    early.forEach(pc::addIceCandidate);
  }

  private void localCandidate(RTCIceCandidate c) {
    IceCandidate candidate = new IceCandidate(c.sdp, c.sdpMid, c.sdpMLineIndex);
    synchronized (candidates) {
      if (endpoint == null) {
        earlyLocal.add(candidate);
      } else {
        sendCandidate(candidate);
      }
    }
  }

  private void sendCandidate(IceCandidate candidate) {
    endpoint.addIceCandidate(candidate, new Continuation<>() {
      @Override
      public void onSuccess(Void result) {}

      @Override
      public void onError(Throwable cause) {}
    });
  }

  private RTCSessionDescription describe(boolean offer) {
    return SessionDescriptions.create(pc, offer).orTimeout(10, TimeUnit.SECONDS).join();
  }

  private void apply(RTCSessionDescription description, boolean local) {
    SessionDescriptions.apply(pc, description, local).orTimeout(10, TimeUnit.SECONDS).join();
  }

  // --- what arrived ---------------------------------------------------------------------------

  public boolean connected() {
    return observer.connected();
  }

  public int framesPushed() {
    return camera == null ? 0 : camera.framesPushed();
  }

  public int framesDecoded() {
    return decoded.framesDecoded();
  }

  /** The sizes of the frames decoded, e.g. {@code 320x240}. */
  public Set<String> frameSizes() {
    return decoded.frameSizes();
  }

  /** How many different centre pixels the decoded frames had: more than one means moving video. */
  public int distinctPictures() {
    return decoded.distinctPictures();
  }

  public long nanosSinceLastFrame() {
    return decoded.nanosSinceLastFrame();
  }

  public RTCStatsReport stats() {
    return ClientStats.of(pc);
  }

  /** The sum of an inbound-rtp counter over streams of a kind ({@code audio}, {@code video}). */
  public long inbound(String kind, String counter) {
    return new PeerStats(stats()).inbound(kind, counter);
  }

  /** The candidate types ({@code host}, {@code relay}…) of the selected pair: local, remote. */
  public List<String> selectedCandidateTypes() {
    return ClientStats.selectedCandidateTypes(pc);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (camera != null) {
      camera.stop();
    }
    decoded.close();
    pc.close();
    references.forEach(NativeRefs::release);
    if (camera != null) {
      camera.dispose();
    }
    for (MediaStreamTrack track : tracks) {
      track.dispose();
    }
    for (Object source : sources) {
      if (source instanceof CustomVideoSource video) {
        video.dispose();
      } else if (source instanceof CustomAudioSource audio) {
        audio.dispose();
      }
    }
  }
}
