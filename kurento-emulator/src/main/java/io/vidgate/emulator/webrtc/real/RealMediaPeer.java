package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.vidgate.emulator.media.I420Frame;
import io.vidgate.emulator.media.VideoSink;
import io.vidgate.emulator.webrtc.IceCandidate;
import io.vidgate.emulator.webrtc.IceSettings;
import io.vidgate.emulator.webrtc.MediaSection;
import io.vidgate.emulator.webrtc.PeerConfig;
import io.vidgate.emulator.webrtc.Sdp;
import io.vidgate.emulator.webrtc.SdpException;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRtcEndpoint backed by a real libwebrtc peer connection (webrtc-java).
 *
 * <p><b>Negotiation.</b> The peer connection is made at the first negotiation step, with the
 * endpoint's STUN/TURN/ICE-TCP settings of that moment. {@code processOffer} applies the remote
 * offer and answers it; {@code generateOffer} offers an audio and a video transceiver with the
 * endpoint's directions. The local description is applied, which starts ICE gathering, only when
 * the client asks for {@code gatherCandidates} (or has to, for {@code processAnswer}): KMS gathers
 * only then, and STUN/TURN set in between still count. Candidates found before the client asked
 * are held back ({@link IceCandidates}). Codecs are limited to KMS's: opus, PCMU, PCMA, VP8, H264.
 *
 * <p><b>Media.</b> Every peer sends one video and one audio track of its own
 * ({@link CustomVideoSource}, {@link CustomAudioSource}: {@link LocalTracks}). Each video frame the
 * peer receives and decodes is pushed into the video source of every peer the pipeline routes it
 * to ({@link #forwardTo}, {@link VideoForwarding}), which encodes it again: whatever is connected
 * before or after either side negotiated, frames flow as soon as both are connected. Audio content
 * is not forwarded (see {@link RealMediaPeerFactory}): connected peers send silence while audio
 * arrives.
 *
 * <p><b>Reports</b> come from libwebrtc's own state: ICE connection state (IceComponentStateChanged),
 * peer connection state (DTLS: ConnectionStateChanged, MediaStateChanged), and a stats poll every
 * {@value RealMediaPeerFactory#STATS_PERIOD_MILLIS} ms: media flows in while the decoded video
 * frames (or received audio packets) grow, stops after three polls without growth; the
 * transport's selected candidate pair gives NewCandidatePairSelected ({@link StateEvents}).
 *
 * <p><b>Threads.</b> The endpoint calls the {@link WebRtcPeer} methods on the emulator's lock and
 * they wait for libwebrtc (milliseconds). libwebrtc's callbacks never wait for anything: they only
 * hand reports to the factory's media thread. Frames are pushed on libwebrtc's decoding threads
 * under a read lock that {@link #close} takes for writing before it frees anything.
 */
public final class RealMediaPeer implements WebRtcPeer {

  private static final Logger log = LoggerFactory.getLogger(RealMediaPeer.class);

  private final RealMediaPeerFactory media;
  private final PeerConfig config;
  private final Listener listener;
  private final String streamId = UUID.randomUUID().toString();

  // The parts: each keeps its own state behind its own lock (see each class).
  private final LocalTracks local = new LocalTracks();
  private final VideoForwarding forwarding = new VideoForwarding(local::closed);
  private final IceCandidates ice;
  private final StateEvents events;

  // Negotiation: only the endpoint's calls touch these, on the emulator's lock.
  private RTCPeerConnection pc;
  private RTCConfiguration configuration;
  private RTCSessionDescription localDescription;
  private boolean localApplied;
  private volatile boolean remoteApplied;

  // Lifetime: close() takes `life` before freeing the peer connection, so that no stats request
  // is running then (and LocalTracks' lock, so that no frame or silence push is).
  private final ReentrantLock life = new ReentrantLock();

  RealMediaPeer(RealMediaPeerFactory media, PeerConfig config, Listener listener) {
    this.media = media;
    this.config = config;
    this.listener = listener;
    this.ice = new IceCandidates(media, listener, this::report);
    this.events = new StateEvents(listener, ice::announced);
  }

  // --- negotiation ----------------------------------------------------------------------------

  @Override
  public void configure(IceSettings value) {
    ice.configure(value);
  }

  @Override
  public String createOffer(boolean receiveAudio, boolean receiveVideo) throws SdpException {
    open();
    boolean offered = addOfferedTransceiver(local.audioTrack(), "audio", receiveAudio);
    offered |= addOfferedTransceiver(local.videoTrack(), "video", receiveVideo);
    if (!offered) {
      throw SdpException.incompatible("Nothing to offer: the endpoint neither sends nor receives");
    }
    localDescription = NegotiationSteps.describe(pc, true);
    return localDescription.sdp;
  }

  private boolean addOfferedTransceiver(MediaStreamTrack track, String kind, boolean receive) {
    boolean send = !config.recvonly();
    boolean recv = receive && !config.sendonly();
    if (!send && !recv) {
      return false;
    }
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = NegotiationSteps.direction(send, recv);
    init.streamIds = List.of(streamId);
    RTCRtpTransceiver transceiver = pc.addTransceiver(track, init);
    NegotiationSteps.preferCodecs(transceiver, kind, media.codecs(kind));
    // The peer connection holds the transceiver; the reference handed to Java is never released
    // by webrtc-java itself.
    NativeRefs.release(NativeRefs.handle(transceiver));
    return true;
  }

  @Override
  public String processOffer(String offerText) throws SdpException {
    Sdp offer = Sdp.parse(offerText);
    open();
    NegotiationSteps.apply(pc, new RTCSessionDescription(RTCSdpType.OFFER, offerText), false);
    remoteApplied = true;
    for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
      MediaSection m = NegotiationSteps.section(offer, transceiver.getMid());
      if (m == null || m.rejected() || !(m.kind().equals("audio") || m.kind().equals("video"))) {
        continue;
      }
      // The offerer's direction seen from here: we send what it receives and vice versa.
      boolean send = NegotiationSteps.receives(m.direction()) && !config.recvonly();
      boolean recv = NegotiationSteps.sends(m.direction()) && !config.sendonly();
      if (send) {
        RTCRtpSender sender = transceiver.getSender();
        sender.replaceTrack(m.kind().equals("audio") ? local.audioTrack() : local.videoTrack());
        sender.setStreams(List.of(streamId));
      }
      transceiver.setDirection(NegotiationSteps.direction(send, recv));
      NegotiationSteps.preferCodecs(transceiver, m.kind(), media.codecs(m.kind()));
    }
    ice.addEarlyRemote(pc);
    localDescription = NegotiationSteps.describe(pc, false);
    return localDescription.sdp;
  }

  @Override
  public void processAnswer(String answerText) throws SdpException {
    Sdp answer = Sdp.parse(answerText);
    Sdp.checkAnswerFits(Sdp.parse(localDescription.sdp), answer);
    applyLocal();
    NegotiationSteps.apply(pc, new RTCSessionDescription(RTCSdpType.ANSWER, answerText), false);
    remoteApplied = true;
    ice.addEarlyRemote(pc);
  }

  @Override
  public void gatherCandidates(IceSettings value) {
    ice.configure(value);
    try {
      applyLocal();
    } catch (SdpException e) {
      log.warn("Cannot start ICE gathering: {}", e.getMessage());
      return;
    }
    ice.gatherRequested();
  }

  @Override
  public void addRemoteCandidate(IceCandidate candidate) {
    ice.addRemote(candidate, pc, remoteApplied);
  }

  /** Makes the peer connection and the local tracks, once. */
  private void open() throws SdpException {
    if (pc != null) {
      return;
    }
    if (local.closed()) {
      throw SdpException.incompatible("Endpoint released");
    }
    configuration = ice.configuration();
    RTCPeerConnection created;
    try {
      created = media.factory().createPeerConnection(configuration, new Observer());
    } catch (RuntimeException e) {
      throw SdpException.incompatible("Cannot create a peer connection: " + e.getMessage());
    }
    local.create(media.factory(), streamId);
    life.lock();
    try {
      pc = created;
    } finally {
      life.unlock();
    }
    media.register(this);
  }

  /** Applies the local description (starting ICE gathering) with the ICE servers of now. */
  private void applyLocal() throws SdpException {
    if (localApplied) {
      return;
    }
    if (ice.updateServers(configuration)) {
      try {
        pc.setConfiguration(configuration);
      } catch (RuntimeException e) {
        log.warn("libwebrtc refused the new STUN/TURN servers: {}", e.getMessage());
      }
    }
    NegotiationSteps.apply(pc, localDescription, true);
    localApplied = true;
  }

  // --- media ----------------------------------------------------------------------------------

  @Override
  public void forwardTo(String kind, List<WebRtcPeer> sinks) {
    forwarding.forwardTo(kind, sinks);
  }

  @Override
  public void feed(List<VideoSink> sinks) {
    forwarding.feed(sinks);
  }

  /** A Composite's frames, sent as this peer's video (copied into native buffers). */
  @Override
  public VideoSink videoInput() {
    return this::sendFrame;
  }

  private void sendFrame(I420Frame frame) {
    if (local.closed()) {
      return;
    }
    VideoFrame video = Frames.toNative(frame);
    try {
      local.sendVideo(video);
    } finally {
      video.release();
    }
  }

  List<RealMediaPeer> audioSinks() {
    return forwarding.audioSinks();
  }

  boolean receivingAudio() {
    return events.receivingAudio() && !local.closed();
  }

  /** On libwebrtc's decoding thread of the peer forwarding it: one frame to send. */
  void sendVideo(VideoFrame frame) {
    local.sendVideo(frame);
  }

  /** On the factory's audio clock: 10 ms of silence to send, once connected. */
  void sendSilence() {
    local.sendSilence();
  }

  // --- release --------------------------------------------------------------------------------

  @Override
  public void close() {
    if (!local.close()) {
      return;
    }
    media.forget(this);
    forwarding.stop();
    RTCPeerConnection closing;
    life.lock();
    try {
      closing = pc;
      pc = null;
    } finally {
      life.unlock();
    }
    if (closing != null) {
      long handle = NativeRefs.handle(closing);
      closing.close();
      NativeRefs.release(handle);
    }
    local.dispose();
  }

  // --- reports --------------------------------------------------------------------------------

  private void report(Runnable task) {
    media.report(() -> {
      if (!local.closed()) {
        task.run();
      }
    });
  }

  /** On the media thread: asks for stats; the answer comes back on the media thread too. */
  void pollStats() {
    if (!remoteApplied || !life.tryLock()) {
      return;
    }
    try {
      if (!local.closed() && pc != null) {
        pc.getStats(stats -> report(() -> events.onStats(stats)));
      }
    } finally {
      life.unlock();
    }
  }

  /** libwebrtc's callbacks, on its signaling thread: nothing here waits. */
  private final class Observer implements PeerConnectionObserver {

    @Override
    public void onIceCandidate(RTCIceCandidate found) {
      ice.found(found);
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
      if (state != RTCIceGatheringState.COMPLETE) {
        return;
      }
      ice.gatheringComplete();
    }

    @Override
    public void onIceConnectionChange(RTCIceConnectionState state) {
      report(() -> events.onIceConnectionChange(state));
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
      switch (state) {
        case CONNECTED -> {
          local.connected(true);
          report(() -> listener.onConnectionStateChanged(true));
        }
        case DISCONNECTED, FAILED -> {
          local.connected(false);
          report(() -> listener.onConnectionStateChanged(false));
        }
        default -> { }
      }
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      if (track instanceof VideoTrack video) {
        forwarding.received(video);
      }
    }
  }
}
