package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCPeerConnection;
import io.vidgate.emulator.webrtc.IceCandidate;
import io.vidgate.emulator.webrtc.IceSettings;
import io.vidgate.emulator.webrtc.TurnUrl;
import io.vidgate.emulator.webrtc.WebRtcPeer.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICE side of one {@link RealMediaPeer}: the endpoint's STUN/TURN/ICE-TCP settings as libwebrtc
 * configuration, the local candidates (held back until the client asks for them, host addresses
 * announced as externalIPv4/6 ask), and the remote candidates that come before the remote
 * description.
 */
final class IceCandidates {

  private static final Logger log = LoggerFactory.getLogger(IceCandidates.class);

  private final RealMediaPeerFactory media;
  private final Listener listener;
  /** Runs a report on the media thread, unless the peer is closed by then. */
  private final Executor reports;

  // Settings: written by the endpoint's calls; read on libwebrtc's threads too.
  private volatile IceSettings settings = IceSettings.defaults();

  // Remote candidates before the remote description: only the endpoint's calls touch these, on
  // the emulator's lock.
  private final List<IceCandidate> earlyRemote = new ArrayList<>();

  // Local candidates held until the client asks for them (guarded by `held`).
  private final List<IceCandidate> held = new ArrayList<>();
  private boolean gatherRequested;
  private boolean gatheringComplete;
  private boolean gatheringDoneReported;

  IceCandidates(RealMediaPeerFactory media, Listener listener, Executor reports) {
    this.media = media;
    this.listener = listener;
    this.reports = reports;
  }

  void configure(IceSettings value) {
    settings = value;
  }

  // --- configuration --------------------------------------------------------------------------

  /** A peer connection's configuration with the settings of now. */
  RTCConfiguration configuration() {
    IceSettings ice = settings;
    RTCConfiguration configuration = new RTCConfiguration();
    configuration.iceServers = iceServers(ice);
    configuration.portAllocatorConfig.setDisableTcp(!ice.iceTcp());
    return configuration;
  }

  /**
   * Puts the STUN/TURN servers of now into the configuration; true if they changed since it was
   * made (the peer connection has to be given it again).
   */
  boolean updateServers(RTCConfiguration configuration) {
    List<RTCIceServer> servers = iceServers(settings);
    if (servers.equals(configuration.iceServers)) {
      return false;
    }
    configuration.iceServers = servers;
    return true;
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

  // --- local candidates -----------------------------------------------------------------------

  /** The client asked for candidates: those found so far go out, and from now on each as found. */
  void gatherRequested() {
    synchronized (held) {
      gatherRequested = true;
      List<IceCandidate> found = List.copyOf(held);
      held.clear();
      boolean done = gatheringComplete && !gatheringDoneReported;
      gatheringDoneReported |= done;
      reports.execute(() -> {
        found.forEach(listener::onIceCandidate);
        if (done) {
          listener.onIceGatheringDone();
        }
      });
    }
  }

  /** On libwebrtc's signaling thread: a local candidate, held or reported. */
  void found(RTCIceCandidate found) {
    IceCandidate candidate =
        new IceCandidate(announced(found.sdp), found.sdpMid, found.sdpMLineIndex);
    synchronized (held) {
      if (!gatherRequested) {
        held.add(candidate);
        return;
      }
      reports.execute(() -> listener.onIceCandidate(candidate));
    }
  }

  /** On libwebrtc's signaling thread: gathering is complete, reported once the client asked. */
  void gatheringComplete() {
    synchronized (held) {
      gatheringComplete = true;
      if (gatherRequested && !gatheringDoneReported) {
        gatheringDoneReported = true;
        reports.execute(listener::onIceGatheringDone);
      }
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

  // --- remote candidates ----------------------------------------------------------------------

  /**
   * A remote candidate from the client: into the peer connection once it has the remote
   * description ({@code remoteApplied}), held until then.
   */
  void addRemote(IceCandidate candidate, RTCPeerConnection pc, boolean remoteApplied) {
    if (candidate.candidate().isEmpty()) {
      return; // end-of-candidates
    }
    if (!IceCandidate.wellFormed(candidate.candidate())) {
      throw new IllegalArgumentException("Malformed candidate: " + candidate.candidate());
    }
    if (!remoteApplied) {
      earlyRemote.add(candidate);
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

  /** The remote description is applied: the candidates that came before it go in now. */
  void addEarlyRemote(RTCPeerConnection pc) {
    List<IceCandidate> early = List.copyOf(earlyRemote);
    earlyRemote.clear();
    early.forEach(candidate -> addRemote(candidate, pc, true));
  }
}
