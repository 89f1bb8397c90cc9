package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.vidgate.emulator.webrtc.IceCandidate;
import io.vidgate.emulator.webrtc.IceComponentState;
import io.vidgate.emulator.webrtc.IceSettings;
import io.vidgate.emulator.webrtc.MediaSection;
import io.vidgate.emulator.webrtc.PeerConfig;
import io.vidgate.emulator.webrtc.Sdp;
import io.vidgate.emulator.webrtc.SdpException;
import io.vidgate.emulator.webrtc.TurnUrl;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * are held back. Codecs are limited to KMS's: opus, PCMU, PCMA, VP8, H264.
 *
 * <p><b>Media.</b> Every peer sends one video and one audio track of its own
 * ({@link CustomVideoSource}, {@link CustomAudioSource}). Each video frame the peer receives and
 * decodes is pushed into the video source of every peer the pipeline routes it to
 * ({@link #forwardTo}), which encodes it again: whatever is connected before or after either side
 * negotiated, frames flow as soon as both are connected. Audio content is not forwarded (see
 * {@link RealMediaPeerFactory}): connected peers send silence while audio arrives.
 *
 * <p><b>Reports</b> come from libwebrtc's own state: ICE connection state (IceComponentStateChanged),
 * peer connection state (DTLS: ConnectionStateChanged, MediaStateChanged), and a stats poll every
 * {@value RealMediaPeerFactory#STATS_PERIOD_MILLIS} ms: media flows in while the decoded video
 * frames (or received audio packets) grow, stops after three polls without growth; the
 * transport's selected candidate pair gives NewCandidatePairSelected.
 *
 * <p><b>Threads.</b> The endpoint calls the {@link WebRtcPeer} methods on the emulator's lock and
 * they wait for libwebrtc (milliseconds). libwebrtc's callbacks never wait for anything: they only
 * hand reports to the factory's media thread. Frames are pushed on libwebrtc's decoding threads
 * under a read lock that {@link #close} takes for writing before it frees anything.
 */
public final class RealMediaPeer implements WebRtcPeer {

  private static final Logger log = LoggerFactory.getLogger(RealMediaPeer.class);

  /** The longest libwebrtc may take for one negotiation step. */
  static final long STEP_TIMEOUT_SECONDS = 10;
  /** Stats polls without new media before it counts as stopped. */
  static final int IDLE_POLLS = 3;
  private static final int SAMPLE_RATE = 48_000;
  private static final byte[] SILENCE =
      new byte[(int) (SAMPLE_RATE * RealMediaPeerFactory.AUDIO_FRAME_MILLIS / 1000) * 2];

  private final RealMediaPeerFactory media;
  private final PeerConfig config;
  private final Listener listener;
  private final String streamId = UUID.randomUUID().toString();

  // Negotiation: only the endpoint's calls touch these, on the emulator's lock.
  private volatile IceSettings settings = IceSettings.defaults();
  private RTCPeerConnection pc;
  private RTCConfiguration configuration;
  private RTCSessionDescription localDescription;
  private boolean localApplied;
  private volatile boolean remoteApplied;
  private final List<IceCandidate> earlyRemoteCandidates = new ArrayList<>();

  // Lifetime: close() takes `sending` for writing and `life` before freeing native objects, so
  // that no frame push, silence push or stats request is running then.
  private final ReentrantReadWriteLock sending = new ReentrantReadWriteLock();
  private final ReentrantLock life = new ReentrantLock();
  private volatile boolean closed;
  private volatile boolean connected;
  private CustomVideoSource videoSource;
  private VideoTrack videoTrack;
  private CustomAudioSource audioSource;
  private AudioTrack audioTrack;

  // Receiving and forwarding.
  private final Object receiving = new Object();
  private VideoTrack remoteVideo;
  private final VideoTrackSink forwarder = this::forwardVideo;
  private volatile List<RealMediaPeer> videoSinks = List.of();
  private volatile List<RealMediaPeer> audioSinks = List.of();

  // Candidates held until the client asks for them (guarded by `held`).
  private final List<IceCandidate> held = new ArrayList<>();
  private boolean gatherRequested;
  private boolean gatheringComplete;
  private boolean gatheringDoneReported;

  // Reported state: only the media thread touches these.
  private IceComponentState iceState;
  private String selectedPair;
  private final Flow videoIn = new Flow("video");
  private final Flow audioIn = new Flow("audio");

  RealMediaPeer(RealMediaPeerFactory media, PeerConfig config, Listener listener) {
    this.media = media;
    this.config = config;
    this.listener = listener;
  }

  // --- negotiation ----------------------------------------------------------------------------

  @Override
  public void configure(IceSettings value) {
    settings = value;
  }

  @Override
  public String createOffer(boolean receiveAudio, boolean receiveVideo) throws SdpException {
    open();
    boolean offered = addOfferedTransceiver(audioTrack, "audio", receiveAudio);
    offered |= addOfferedTransceiver(videoTrack, "video", receiveVideo);
    if (!offered) {
      throw SdpException.incompatible("Nothing to offer: the endpoint neither sends nor receives");
    }
    localDescription = describe(true);
    return localDescription.sdp;
  }

  private boolean addOfferedTransceiver(MediaStreamTrack track, String kind, boolean receive) {
    boolean send = !config.recvonly();
    boolean recv = receive && !config.sendonly();
    if (!send && !recv) {
      return false;
    }
    RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
    init.direction = direction(send, recv);
    init.streamIds = List.of(streamId);
    RTCRtpTransceiver transceiver = pc.addTransceiver(track, init);
    preferKmsCodecs(transceiver, kind);
    // The peer connection holds the transceiver; the reference handed to Java is never released
    // by webrtc-java itself.
    NativeRefs.release(NativeRefs.handle(transceiver));
    return true;
  }

  @Override
  public String processOffer(String offerText) throws SdpException {
    Sdp offer = Sdp.parse(offerText);
    open();
    apply(new RTCSessionDescription(RTCSdpType.OFFER, offerText), false);
    remoteApplied = true;
    for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
      MediaSection m = section(offer, transceiver.getMid());
      if (m == null || m.rejected() || !(m.kind().equals("audio") || m.kind().equals("video"))) {
        continue;
      }
      // The offerer's direction seen from here: we send what it receives and vice versa.
      boolean send = receives(m.direction()) && !config.recvonly();
      boolean recv = sends(m.direction()) && !config.sendonly();
      if (send) {
        RTCRtpSender sender = transceiver.getSender();
        sender.replaceTrack(m.kind().equals("audio") ? audioTrack : videoTrack);
        sender.setStreams(List.of(streamId));
      }
      transceiver.setDirection(direction(send, recv));
      preferKmsCodecs(transceiver, m.kind());
    }
    addEarlyRemoteCandidates();
    localDescription = describe(false);
    return localDescription.sdp;
  }

  @Override
  public void processAnswer(String answerText) throws SdpException {
    Sdp answer = Sdp.parse(answerText);
    Sdp.checkAnswerFits(Sdp.parse(localDescription.sdp), answer);
    applyLocal();
    apply(new RTCSessionDescription(RTCSdpType.ANSWER, answerText), false);
    remoteApplied = true;
    addEarlyRemoteCandidates();
  }

  @Override
  public void gatherCandidates(IceSettings value) {
    settings = value;
    try {
      applyLocal();
    } catch (SdpException e) {
      log.warn("Cannot start ICE gathering: {}", e.getMessage());
      return;
    }
    synchronized (held) {
      gatherRequested = true;
      List<IceCandidate> found = List.copyOf(held);
      held.clear();
      boolean done = gatheringComplete && !gatheringDoneReported;
      gatheringDoneReported |= done;
      report(() -> {
        found.forEach(listener::onIceCandidate);
        if (done) {
          listener.onIceGatheringDone();
        }
      });
    }
  }

  @Override
  public void addRemoteCandidate(IceCandidate candidate) {
    if (candidate.candidate().isEmpty()) {
      return; // end-of-candidates
    }
    if (!IceCandidate.wellFormed(candidate.candidate())) {
      throw new IllegalArgumentException("Malformed candidate: " + candidate.candidate());
    }
    if (!remoteApplied) {
      earlyRemoteCandidates.add(candidate);
      return;
    }
    String line = candidate.candidate().startsWith("a=")
        ? candidate.candidate().substring(2) : candidate.candidate();
    try {
      pc.addIceCandidate(new RTCIceCandidate(candidate.sdpMid(), candidate.sdpMLineIndex(), line));
    } catch (RuntimeException e) {
      log.debug("libwebrtc refused candidate {}: {}", line, e.getMessage());
    }
  }

  private void addEarlyRemoteCandidates() {
    List<IceCandidate> early = List.copyOf(earlyRemoteCandidates);
    earlyRemoteCandidates.clear();
    early.forEach(this::addRemoteCandidate);
  }

  /** Makes the peer connection and the local tracks, once. */
  private void open() throws SdpException {
    if (pc != null) {
      return;
    }
    if (closed) {
      throw SdpException.incompatible("Endpoint released");
    }
    configuration = new RTCConfiguration();
    configuration.iceServers = iceServers(settings);
    configuration.portAllocatorConfig.setDisableTcp(!settings.iceTcp());
    RTCPeerConnection created;
    try {
      created = media.factory().createPeerConnection(configuration, new Observer());
    } catch (RuntimeException e) {
      throw SdpException.incompatible("Cannot create a peer connection: " + e.getMessage());
    }
    sending.writeLock().lock();
    try {
      videoSource = new CustomVideoSource();
      videoTrack = media.factory().createVideoTrack("video-" + streamId, videoSource);
      audioSource = new CustomAudioSource();
      audioTrack = media.factory().createAudioTrack("audio-" + streamId, audioSource);
    } finally {
      sending.writeLock().unlock();
    }
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
    List<RTCIceServer> servers = iceServers(settings);
    if (!servers.equals(configuration.iceServers)) {
      configuration.iceServers = servers;
      try {
        pc.setConfiguration(configuration);
      } catch (RuntimeException e) {
        log.warn("libwebrtc refused the new STUN/TURN servers: {}", e.getMessage());
      }
    }
    apply(localDescription, true);
    localApplied = true;
  }

  static List<RTCIceServer> iceServers(IceSettings ice) {
    List<RTCIceServer> out = new ArrayList<>();
    if (!ice.stunServerAddress().isEmpty()) {
      RTCIceServer stun = new RTCIceServer();
      stun.urls = List.of("stun:" + ice.stunServerAddress() + ":" + ice.stunServerPort());
      out.add(stun);
    }
    TurnUrl.parse(ice.turnUrl()).ifPresent(turn -> {
      RTCIceServer server = new RTCIceServer();
      server.urls = List.of(turn.iceServerUri());
      server.username = turn.user();
      server.password = turn.password();
      out.add(server);
    });
    return out;
  }

  private void preferKmsCodecs(RTCRtpTransceiver transceiver, String kind) {
    try {
      transceiver.setCodecPreferences(media.codecs(kind));
    } catch (RuntimeException e) {
      log.debug("Codec preferences refused for {}: {}", kind, e.getMessage());
    }
  }

  private static MediaSection section(Sdp sdp, String mid) {
    for (int i = 0; mid != null && i < sdp.media().size(); i++) {
      if (sdp.mid(i).equals(mid)) {
        return sdp.media().get(i);
      }
    }
    return null;
  }

  private static boolean sends(String direction) {
    return direction.equals("sendrecv") || direction.equals("sendonly");
  }

  private static boolean receives(String direction) {
    return direction.equals("sendrecv") || direction.equals("recvonly");
  }

  private static RTCRtpTransceiverDirection direction(boolean send, boolean recv) {
    if (send) {
      return recv ? RTCRtpTransceiverDirection.SEND_RECV : RTCRtpTransceiverDirection.SEND_ONLY;
    }
    return recv ? RTCRtpTransceiverDirection.RECV_ONLY : RTCRtpTransceiverDirection.INACTIVE;
  }

  private RTCSessionDescription describe(boolean offer) throws SdpException {
    String step = offer ? "createOffer" : "createAnswer";
    try {
      return await(SessionDescriptions.create(pc, offer), step);
    } catch (RuntimeException e) {
      throw SdpException.incompatible(step + ": " + e.getMessage());
    }
  }

  private void apply(RTCSessionDescription description, boolean local) throws SdpException {
    String step = local ? "setLocalDescription" : "setRemoteDescription";
    try {
      await(SessionDescriptions.apply(pc, description, local), step);
    } catch (RuntimeException e) {
      throw SdpException.incompatible(step + ": " + e.getMessage());
    }
  }

  private static <T> T await(CompletableFuture<T> future, String step) throws SdpException {
    try {
      return future.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw SdpException.incompatible(step + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw SdpException.incompatible(step + " took longer than " + STEP_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SdpException.incompatible(step + " interrupted");
    }
  }

  // --- media ----------------------------------------------------------------------------------

  @Override
  public void forwardTo(String kind, List<WebRtcPeer> sinks) {
    List<RealMediaPeer> real = new ArrayList<>();
    for (WebRtcPeer sink : sinks) {
      if (sink instanceof RealMediaPeer r) {
        real.add(r);
      }
    }
    if (kind.equals("video")) {
      videoSinks = List.copyOf(real);
    } else if (kind.equals("audio")) {
      audioSinks = List.copyOf(real);
    }
  }

  List<RealMediaPeer> audioSinks() {
    return audioSinks;
  }

  boolean receivingAudio() {
    return audioIn.flowing && !closed;
  }

  /** On libwebrtc's decoding thread: one decoded frame, on to every routed peer. */
  private void forwardVideo(VideoFrame frame) {
    try {
      if (!closed) {
        for (RealMediaPeer sink : videoSinks) {
          sink.sendVideo(frame);
        }
      }
    } finally {
      frame.release();
    }
  }

  private void sendVideo(VideoFrame frame) {
    if (!sending.readLock().tryLock()) {
      return; // closing
    }
    try {
      if (!closed && videoSource != null) {
        videoSource.pushFrame(frame);
      }
    } finally {
      sending.readLock().unlock();
    }
  }

  /**
   * 10 ms of silence into the audio track. Only once connected: webrtc-java's custom audio source
   * does not lock its sink list, which libwebrtc changes while negotiating.
   */
  void sendSilence() {
    if (!connected || !sending.readLock().tryLock()) {
      return;
    }
    try {
      if (!closed && audioSource != null) {
        audioSource.pushAudio(SILENCE, 16, SAMPLE_RATE, 1, SILENCE.length / 2);
      }
    } finally {
      sending.readLock().unlock();
    }
  }

  // --- release --------------------------------------------------------------------------------

  @Override
  public void close() {
    sending.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connected = false;
    } finally {
      sending.writeLock().unlock();
    }
    media.forget(this);
    videoSinks = List.of();
    audioSinks = List.of();
    VideoTrack remote;
    synchronized (receiving) {
      remote = remoteVideo;
      remoteVideo = null;
    }
    if (remote != null) {
      remote.removeSink(forwarder); // returns once a frame being delivered is done
    }
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
    // Lambdas, not method references: a reference on a null track (an endpoint released before
    // it negotiated has none) throws before dispose can skip it.
    dispose(() -> videoTrack.dispose(), videoTrack);
    dispose(() -> audioTrack.dispose(), audioTrack);
    dispose(() -> videoSource.dispose(), videoSource);
    dispose(() -> audioSource.dispose(), audioSource);
  }

  private static void dispose(Runnable disposal, Object what) {
    if (what == null) {
      return;
    }
    try {
      disposal.run();
    } catch (Error | RuntimeException e) {
      // webrtc-java throws an Error when a native reference is still held: a leak, not a crash.
      log.debug("{} not freed: {}", what.getClass().getSimpleName(), e.getMessage());
    }
  }

  // --- reports --------------------------------------------------------------------------------

  private void report(Runnable task) {
    media.report(() -> {
      if (!closed) {
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
      if (!closed && pc != null) {
        pc.getStats(stats -> report(() -> onStats(stats)));
      }
    } finally {
      life.unlock();
    }
  }

  private void onStats(RTCStatsReport report) {
    PeerStats stats = new PeerStats(report);
    videoIn.update(stats.inbound("video", "framesDecoded"));
    audioIn.update(stats.inbound("audio", "packetsReceived"));
    stats.selectedPair(this::announced).ifPresent(pair -> {
      String key = pair.localCandidate() + " / " + pair.remoteCandidate();
      if (!key.equals(selectedPair)) {
        selectedPair = key;
        listener.onNewCandidatePairSelected(pair);
      }
    });
  }

  private void onIceConnectionChange(RTCIceConnectionState state) {
    switch (state) {
      case CHECKING -> ice(IceComponentState.CONNECTING);
      case CONNECTED, COMPLETED -> {
        ice(IceComponentState.CONNECTED);
        ice(IceComponentState.READY);
      }
      case DISCONNECTED -> ice(IceComponentState.DISCONNECTED);
      case FAILED -> ice(IceComponentState.FAILED);
      default -> { }
    }
  }

  private void ice(IceComponentState state) {
    if (state != iceState) {
      iceState = state;
      listener.onIceComponentStateChanged(1, 1, state);
    }
  }

  /** A local candidate as announced: host addresses replaced as externalIPv4/6 ask. */
  String announced(String candidate) {
    String[] t = candidate.split(" ");
    if (t.length < 8 || !t[7].equals("host")) {
      return candidate;
    }
    boolean v6 = t[4].contains(":");
    IceSettings ice = settings;
    String external = v6 ? ice.externalIPv6() : ice.externalIPv4();
    if (external.isEmpty()) {
      String fallback = media.candidateAddress();
      external = fallback != null && fallback.contains(":") == v6 ? fallback : "";
    }
    if (external.isEmpty()) {
      return candidate;
    }
    t[4] = external;
    return String.join(" ", t);
  }

  /** Media of one kind arriving: flowing while its counter grows. Media thread only. */
  private final class Flow {
    private final String kind;
    private long last;
    private int idlePolls;
    private volatile boolean flowing;

    Flow(String kind) {
      this.kind = kind;
    }

    void update(long counter) {
      if (counter > last) {
        last = counter;
        idlePolls = 0;
        if (!flowing) {
          flowing = true;
          listener.onMediaReceiving(kind, true);
        }
      } else if (flowing && ++idlePolls >= IDLE_POLLS) {
        flowing = false;
        listener.onMediaReceiving(kind, false);
      }
    }
  }

  /** libwebrtc's callbacks, on its signaling thread: nothing here waits. */
  private final class Observer implements PeerConnectionObserver {

    @Override
    public void onIceCandidate(RTCIceCandidate found) {
      IceCandidate candidate =
          new IceCandidate(announced(found.sdp), found.sdpMid, found.sdpMLineIndex);
      synchronized (held) {
        if (!gatherRequested) {
          held.add(candidate);
          return;
        }
        report(() -> listener.onIceCandidate(candidate));
      }
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
      if (state != RTCIceGatheringState.COMPLETE) {
        return;
      }
      synchronized (held) {
        gatheringComplete = true;
        if (gatherRequested && !gatheringDoneReported) {
          gatheringDoneReported = true;
          report(listener::onIceGatheringDone);
        }
      }
    }

    @Override
    public void onIceConnectionChange(RTCIceConnectionState state) {
      report(() -> RealMediaPeer.this.onIceConnectionChange(state));
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
      switch (state) {
        case CONNECTED -> {
          connected = true;
          report(() -> listener.onConnectionStateChanged(true));
        }
        case DISCONNECTED, FAILED -> {
          connected = false;
          report(() -> listener.onConnectionStateChanged(false));
        }
        default -> { }
      }
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      if (track instanceof VideoTrack video) {
        synchronized (receiving) {
          if (!closed && remoteVideo == null) {
            remoteVideo = video;
            video.addSink(forwarder);
          }
        }
      }
    }
  }
}
