package io.vidgate.emulator;

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
 * @param candidateAddress the address announced in host ICE candidates; null: the bind address,
 *     or 127.0.0.1 when binding a wildcard address
 * @param chainIdleGap idle time that ends a session's round-trip chain (see CallRecorder)
 * @param sessionGcPeriod how long a session may go without a connection before its objects are
 *     released, like KMS's 240 s garbage collector; zero disables
 * @param maxFramePayload the largest WebSocket message accepted, in bytes
 * @param latencyMin the latency added to every request, drawn in [latencyMin, latencyMax]
 * @param peerFactory what negotiates SDP and ICE for each WebRtcEndpoint
 */
public record EmulatorOptions(String host, int port, String candidateAddress,
    Duration chainIdleGap, Duration sessionGcPeriod, int maxFramePayload, Duration latencyMin,
    Duration latencyMax, WebRtcPeerFactory peerFactory) {

  public static final int KMS_PORT = 8888;

  public EmulatorOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(chainIdleGap, "chainIdleGap");
    Objects.requireNonNull(sessionGcPeriod, "sessionGcPeriod");
    Objects.requireNonNull(latencyMin, "latencyMin");
    Objects.requireNonNull(latencyMax, "latencyMax");
    Objects.requireNonNull(peerFactory, "peerFactory");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (maxFramePayload < 1_000_000) {
      throw new IllegalArgumentException("maxFramePayload below KMS's 1,000,000 bytes");
    }
  }

  /** 127.0.0.1:8888, no latency, 200 ms chain idle gap, 240 s session GC, 10 MB frames. */
  public static EmulatorOptions defaults() {
    return new EmulatorOptions("127.0.0.1", KMS_PORT, null, Duration.ofMillis(200),
        Duration.ofSeconds(240), 10_000_000, Duration.ZERO, Duration.ZERO,
        WebRtcPeerFactory.signalingOnly());
  }

  /** The defaults on a free port of 127.0.0.1. */
  public static EmulatorOptions ephemeral() {
    return defaults().withPort(0);
  }

  public EmulatorOptions withHost(String value) {
    return new EmulatorOptions(value, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, peerFactory);
  }

  public EmulatorOptions withPort(int value) {
    return new EmulatorOptions(host, value, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, peerFactory);
  }

  public EmulatorOptions withCandidateAddress(String value) {
    return new EmulatorOptions(host, port, value, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, peerFactory);
  }

  public EmulatorOptions withChainIdleGap(Duration value) {
    return new EmulatorOptions(host, port, candidateAddress, value, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, peerFactory);
  }

  public EmulatorOptions withSessionGcPeriod(Duration value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, value,
        maxFramePayload, latencyMin, latencyMax, peerFactory);
  }

  public EmulatorOptions withMaxFramePayload(int value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        value, latencyMin, latencyMax, peerFactory);
  }

  /** A fixed latency on every request. */
  public EmulatorOptions withLatency(Duration value) {
    return withLatency(value, value);
  }

  /** A latency drawn uniformly in [min, max] for every request. */
  public EmulatorOptions withLatency(Duration min, Duration max) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, min, max, peerFactory);
  }

  public EmulatorOptions withPeerFactory(WebRtcPeerFactory value) {
    return new EmulatorOptions(host, port, candidateAddress, chainIdleGap, sessionGcPeriod,
        maxFramePayload, latencyMin, latencyMax, value);
  }

  String effectiveCandidateAddress() {
    if (candidateAddress != null) {
      return candidateAddress;
    }
    return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }
}
