package io.vidgate.emulator.webrtc;

import io.vidgate.emulator.media.VideoSink;
import java.util.List;

/**
 * The SDP, ICE and media side of one emulated WebRtcEndpoint. The endpoint keeps KMS's state
 * machine (which call is allowed when, error codes, events); the peer produces descriptions and
 * candidates, reports connectivity and, if it has media, sends what the pipeline routes to it.
 * {@link SignalingOnlyPeer} does this without media; {@code webrtc.real.RealMediaPeer} is a real
 * WebRTC peer connection. Others can be plugged in through {@link WebRtcPeerFactory}.
 *
 * <p>Peers report through their {@link Listener} asynchronously, never from inside a call to one
 * of these methods, since the endpoint calls them while holding the emulator's state lock.
 */
public interface WebRtcPeer {

  /**
   * The endpoint's ICE properties as they are now, before every negotiation step: clients may set
   * them at any time before gathering ({@link #gatherCandidates} gets the final ones).
   */
  default void configure(IceSettings settings) {}

  /** A local offer; the listed media kinds follow the options and the endpoint's direction. */
  String createOffer(boolean offerToReceiveAudio, boolean offerToReceiveVideo)
      throws SdpException;

  /** Applies a remote offer and returns the local answer. */
  String processOffer(String offer) throws SdpException;

  /** Applies the remote answer to the offer made by {@link #createOffer}. */
  void processAnswer(String answer) throws SdpException;

  /**
   * Starts gathering local candidates, reported by {@link Listener#onIceCandidate} and then
   * {@link Listener#onIceGatheringDone}. Called at most once, and only after a local or remote
   * description exists.
   */
  void gatherCandidates(IceSettings settings);

  /** A remote candidate; an empty candidate string means end-of-candidates. */
  void addRemoteCandidate(IceCandidate candidate) throws IllegalArgumentException;

  /**
   * What this peer receives of a media kind ({@code audio}, {@code video}) must be sent on by
   * these peers: the WebRtcEndpoints the pipeline connects it to, directly or through elements
   * that pass media on (PassThrough, filters, hubs). Replaces the previous list; called whenever
   * the pipeline's connections change, on the emulator's lock, so it must not block.
   */
  default void forwardTo(String kind, List<WebRtcPeer> sinks) {}

  /**
   * The video this peer receives must also be handed, decoded, to these sinks: the recorders and
   * Composite inputs the pipeline connects it to. Replaces the previous list; called with
   * {@link #forwardTo}, on the emulator's lock, so it must not block. Peers without media ignore
   * it.
   */
  default void feed(List<VideoSink> sinks) {}

  /**
   * Frames handed to this sink are sent to the remote peer as this peer's video (a Composite's
   * output); null for a peer without media.
   */
  default VideoSink videoInput() {
    return null;
  }

  /** Frees everything; no callback may follow. */
  void close();

  /** Reports from the peer; called on any thread, never re-entrantly. */
  interface Listener {

    void onIceCandidate(IceCandidate candidate);

    void onIceGatheringDone();

    void onIceComponentStateChanged(int streamId, int componentId, IceComponentState state);

    void onNewCandidatePairSelected(IceCandidatePair pair);

    /** DTLS done (or lost): the endpoint's connection and media state follow. */
    void onConnectionStateChanged(boolean connected);

    /** Whether media of a kind ({@code audio}, {@code video}) arrives from the remote peer. */
    void onMediaReceiving(String kind, boolean flowing);
  }
}
