package io.vidgate.emulator.testing;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.function.Consumer;

/**
 * What a test client needs to hear from its peer connection, whatever its signalling: its local
 * candidates (handed to {@code candidates}), whether it is connected, and the video tracks it
 * receives (decoded into {@code decoded}).
 */
public final class ClientObserver implements PeerConnectionObserver {

  private final Consumer<RTCIceCandidate> candidates;
  private final DecodedVideo decoded;
  private volatile boolean connected;

  public ClientObserver(Consumer<RTCIceCandidate> candidates, DecodedVideo decoded) {
    this.candidates = candidates;
    this.decoded = decoded;
  }

  public boolean connected() {
    return connected;
  }

  @Override
  public void onIceCandidate(RTCIceCandidate candidate) {
    candidates.accept(candidate);
  }

  @Override
  public void onConnectionChange(RTCPeerConnectionState state) {
    connected = state == RTCPeerConnectionState.CONNECTED;
  }

  @Override
  public void onTrack(RTCRtpTransceiver transceiver) {
    if (transceiver.getReceiver().getTrack() instanceof VideoTrack video) {
      decoded.watch(video);
    }
  }
}
