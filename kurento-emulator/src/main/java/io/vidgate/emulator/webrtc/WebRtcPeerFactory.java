package io.vidgate.emulator.webrtc;

/** Creates the peer behind each new WebRtcEndpoint. */
@FunctionalInterface
public interface WebRtcPeerFactory {

  WebRtcPeer create(PeerConfig config, WebRtcPeer.Listener listener);

  /** The default: descriptions and candidates without media. */
  static WebRtcPeerFactory signalingOnly() {
    return SignalingOnlyPeer::new;
  }
}
