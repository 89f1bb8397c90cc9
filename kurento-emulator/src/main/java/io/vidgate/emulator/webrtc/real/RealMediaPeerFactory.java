package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import io.vidgate.emulator.webrtc.PeerConfig;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import io.vidgate.emulator.webrtc.WebRtcPeerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real WebRTC peers ({@link RealMediaPeer}) for the WebRtcEndpoints of one emulator, on one
 * shared libwebrtc {@link PeerConnectionFactory} (its signaling, worker and network threads serve
 * every peer). Closed by the emulator after its objects are gone; that disposes the factory.
 *
 * <p>Audio: the factory runs on the dummy audio device (headless machines have no sound card, and
 * webrtc-java's {@code HeadlessAudioDeviceModule} feeds the mix of everything received into every
 * sending stream from its own thread, which crashes libwebrtc's race checker as soon as a
 * {@code CustomAudioSource} pushes too). Without an audio device nothing pulls received audio out
 * of the jitter buffers, so its content cannot be forwarded: while a peer receives audio packets,
 * the peers it is connected to send Opus-encoded silence, paced by {@link #AUDIO_FRAME_MILLIS}
 * ticks of one shared thread.
 *
 * <p>Two daemon threads: {@code kurento-emulator-media} runs every listener report (so reports keep
 * their order and never run inside libwebrtc's callbacks) and the stats polls that media flow and
 * the selected candidate pair come from; {@code kurento-emulator-media-audio} paces the silence.
 */
public final class RealMediaPeerFactory implements WebRtcPeerFactory, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RealMediaPeerFactory.class);

  /** How often each connected peer's stats are read. */
  static final long STATS_PERIOD_MILLIS = 500;
  /** Audio is pushed in 10 ms frames, as libwebrtc's audio devices do. */
  static final long AUDIO_FRAME_MILLIS = 10;

  /** Codecs KMS negotiates (plus the repair formats libwebrtc pairs with video). */
  private static final List<String> AUDIO_CODECS = List.of("opus", "pcmu", "pcma");
  private static final List<String> VIDEO_CODECS = List.of("vp8", "h264", "rtx", "red", "ulpfec");

  private final AudioDeviceModule audioDevice;
  private final PeerConnectionFactory factory;
  private final String candidateAddress;
  private final List<RTCRtpCodecCapability> audioCodecs;
  private final List<RTCRtpCodecCapability> videoCodecs;
  private final ScheduledExecutorService events =
      Executors.newSingleThreadScheduledExecutor(daemon("kurento-emulator-media"));
  private final ScheduledExecutorService audioClock =
      Executors.newSingleThreadScheduledExecutor(daemon("kurento-emulator-media-audio"));
  private final Set<RealMediaPeer> peers = ConcurrentHashMap.newKeySet();

  /**
   * Loads libwebrtc and starts the shared threads.
   *
   * @param candidateAddress when not null, the address announced in host candidates instead of
   *     the interface's own (like KMS's {@code externalIPv4}): only useful when it really leads to
   *     this machine, e.g. a port-forwarded container
   * @throws Unavailable if the native library cannot run on this machine
   */
  public RealMediaPeerFactory(String candidateAddress) {
    this.candidateAddress = candidateAddress;
    AudioDeviceModule adm = null;
    try {
      adm = new AudioDeviceModule(AudioLayer.kDummyAudio);
      this.factory = new PeerConnectionFactory(adm);
    } catch (LinkageError | RuntimeException e) {
      if (adm != null) {
        adm.dispose();
      }
      events.shutdownNow();
      audioClock.shutdownNow();
      throw new Unavailable("webrtc-java (libwebrtc) cannot run here: " + e, e);
    }
    this.audioDevice = adm;
    this.audioCodecs = preferred(MediaType.AUDIO, AUDIO_CODECS);
    this.videoCodecs = preferred(MediaType.VIDEO, VIDEO_CODECS);
    events.scheduleWithFixedDelay(this::pollStats, STATS_PERIOD_MILLIS, STATS_PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
    audioClock.scheduleAtFixedRate(this::tickAudio, AUDIO_FRAME_MILLIS, AUDIO_FRAME_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public WebRtcPeer create(PeerConfig config, WebRtcPeer.Listener listener) {
    return new RealMediaPeer(this, config, listener);
  }

  /** Peers holding a native peer connection right now (created at their first negotiation). */
  public int livePeerConnections() {
    return peers.size();
  }

  PeerConnectionFactory factory() {
    return factory;
  }

  String candidateAddress() {
    return candidateAddress;
  }

  List<RTCRtpCodecCapability> codecs(String kind) {
    return kind.equals("audio") ? audioCodecs : videoCodecs;
  }

  void register(RealMediaPeer peer) {
    peers.add(peer);
  }

  void forget(RealMediaPeer peer) {
    peers.remove(peer);
  }

  /** Runs a report on the media thread; dropped once the factory is closed. */
  void report(Runnable task) {
    try {
      events.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.warn("Media report failed", e);
        }
      });
    } catch (RejectedExecutionException closed) {
      // the emulator is closing
    }
  }

  private void pollStats() {
    for (RealMediaPeer peer : peers) {
      peer.pollStats();
    }
  }

  private void tickAudio() {
    try {
      Set<RealMediaPeer> targets = Collections.newSetFromMap(new IdentityHashMap<>());
      for (RealMediaPeer peer : peers) {
        if (peer.receivingAudio()) {
          targets.addAll(peer.audioSinks());
        }
      }
      targets.forEach(RealMediaPeer::sendSilence);
    } catch (RuntimeException e) {
      log.warn("Audio tick failed", e);
    }
  }

  /** The receiver capabilities of these codecs, in this order (the answer's preference). */
  private List<RTCRtpCodecCapability> preferred(MediaType type, List<String> names) {
    List<RTCRtpCodecCapability> all = factory.getRtpReceiverCapabilities(type).getCodecs();
    List<RTCRtpCodecCapability> out = new ArrayList<>();
    for (String name : names) {
      for (RTCRtpCodecCapability c : all) {
        if (c.getName().toLowerCase(Locale.ROOT).equals(name)) {
          out.add(c);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * Stops the threads and disposes libwebrtc. Peers still open are closed first (the emulator
   * normally released them already).
   */
  @Override
  public void close() {
    List.copyOf(peers).forEach(RealMediaPeer::close);
    audioClock.shutdownNow();
    events.shutdownNow();
    try {
      audioClock.awaitTermination(2, TimeUnit.SECONDS);
      events.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      factory.dispose();
    } catch (Error | RuntimeException e) {
      // webrtc-java throws an Error when something still holds the factory: log, do not crash.
      log.warn("libwebrtc's peer connection factory was not freed: {}", e.getMessage());
    }
    audioDevice.dispose();
  }

  /** libwebrtc cannot run on this machine (no natives for it, or they fail to load). */
  public static final class Unavailable extends IllegalStateException {

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }
}
