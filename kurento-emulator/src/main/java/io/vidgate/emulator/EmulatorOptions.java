package io.vidgate.emulator;

import io.vidgate.emulator.media.Ffmpeg;
import io.vidgate.emulator.webrtc.WebRtcPeerFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link KurentoEmulator}. Immutable; start from {@link #defaults()} (KMS's own
 * 127.0.0.1:8888) or {@link #ephemeral()} (a free port, for tests) and adjust with the
 * {@code with…} methods.
 *
 * @param host the address to bind
 * @param port the port to bind, 0 for any free port
 * @param candidateAddress the address announced in host ICE candidates. Without media: null means
 *     the bind address, or 127.0.0.1 when binding a wildcard address. With {@link Media#REAL}: null
 *     means the interfaces' real addresses (what libwebrtc gathers, loopback excluded); an address
 *     replaces theirs in host candidates, as KMS's externalIPv4 does
 * @param chainIdleGap idle time that ends a session's round-trip chain (see CallRecorder)
 * @param sessionGcPeriod how long a session may go without a connection before its objects are
 *     released, like KMS's 240 s garbage collector; zero disables
 * @param maxFramePayload the largest WebSocket message accepted, in bytes
 * @param latencyMin the latency added to every request, drawn in [latencyMin, latencyMax]
 * @param media what stands behind each WebRtcEndpoint, see {@link Media}
 * @param peerFactory a peer factory of the caller's own, which then replaces {@code media}; null
 *     for none
 * @param ffmpeg the ffmpeg RecorderEndpoints encode and mux with: a path, or a name looked up on
 *     {@code PATH} ({@code ffmpeg})
 */
public record EmulatorOptions(String host, int port, String candidateAddress,
    Duration chainIdleGap, Duration sessionGcPeriod, int maxFramePayload, Duration latencyMin,
    Duration latencyMax, Media media, WebRtcPeerFactory peerFactory, String ffmpeg) {

  public static final int KMS_PORT = 8888;

  /** What stands behind each WebRtcEndpoint. */
  public enum Media {
    /**
     * Descriptions and candidates without media ({@code SignalingOnlyPeer}): connectivity and
     * media flow are simulated. No native code, a few microseconds per call.
     */
    NONE,
    /**
     * A real libwebrtc peer connection per WebRtcEndpoint ({@code RealMediaPeer}): media really
     * flows from publishers through the pipeline to subscribers. Linux x86-64 only.
     */
    REAL
  }

  public EmulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(chainIdleGap, "chainIdleGap");
    Objects.requireNonNull(sessionGcPeriod, "sessionGcPeriod");
    Objects.requireNonNull(latencyMin, "latencyMin");
    Objects.requireNonNull(latencyMax, "latencyMax");
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxFramePayload < 1_000_000) {
      throw new IllegalArgumentException("maxFramePayload below KMS's 1,000,000 bytes");
    }
  }

  /**
   * 127.0.0.1:8888, no latency, 200 ms chain idle gap, 240 s session GC, 10 MB frames, no media
   * ({@link Media#NONE}: what tests of signaling want, fast and deterministic; the standalone
   * emulator switches to {@link Media#REAL}).
   */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions("127.0.0.1", KMS_PORT, null, Duration.ofMillis(200),
        Duration.ofSeconds(240), 10_000_000, Duration.ZERO, Duration.ZERO, Media.NONE, null,
        Ffmpeg.DEFAULT);
  }

  /** The defaults on a free port of 127.0.0.1. */
  public static EmulatorOptions ephemeral() {
    return defaults().withPort(0);
  }

  public EmulatorOptions withHost(String value) {
    return new EmulatorOptions(value, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withPort(int value) {
    return new EmulatorOptions(host, value, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withCandidateAddress(String value) {
    return new EmulatorOptions(host, port, value, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withChainIdleGap(Duration value) {
    return new EmulatorOptions(host, port, candidateAddress, value, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withSessionGcPeriod(Duration value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, value,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withMaxFramePayload(int value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        value, latencyMin, latencyMax, media, peerFactory, ffmpeg);
  }

  /** A fixed latency on every request. */
  public EmulatorOptions withLatency(Duration value) {
    return withLatency(value, value);
  }

  /** A latency drawn uniformly in [min, max] for every request. */
  public EmulatorOptions withLatency(Duration min, Duration max) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, min, max, media, peerFactory, ffmpeg);
  }

  public EmulatorOptions withMedia(Media value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, value, peerFactory, ffmpeg);
  }

  /** Peers of the caller's own behind the WebRtcEndpoints, instead of {@link #media()}'s. */
  public EmulatorOptions withPeerFactory(WebRtcPeerFactory value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, value, ffmpeg);
  }

  /** The ffmpeg recorders use: a path, or a name on {@code PATH}. */
  public EmulatorOptions withFfmpeg(String value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, media, peerFactory, value);
  }

  String effectiveCandidateAddress() {
    if (candidateAddress != null) {
      return candidateAddress;
    }
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }
}
