package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCStatsReport;
import io.vidgate.emulator.webrtc.IceComponentState;
import io.vidgate.emulator.webrtc.WebRtcPeer.Listener;
import java.util.function.UnaryOperator;

/**
 * What the listener of one {@link RealMediaPeer} is told about its ICE state, its selected
 * candidate pair and the media flowing in, from libwebrtc's ICE connection state and stats: each
 * event once per change. Media thread only, but for {@link #receivingAudio}.
 */
final class StateEvents {

  /** Stats polls without new media before it counts as stopped. */
  static final int IDLE_POLLS = 3;

  private final Listener listener;
  /** Local candidates as the IceCandidateFound events announced them. */
  private final UnaryOperator<String> announce;

  private IceComponentState iceState;
  private String selectedPair;
  private final Flow videoIn = new Flow("video");
  private final Flow audioIn = new Flow("audio");

  StateEvents(Listener listener, UnaryOperator<String> announce) {
    this.listener = listener;
    this.announce = announce;
  }

  /** Whether audio flows in now; read by the factory's audio clock. */
  boolean receivingAudio() {
    return audioIn.flowing;
  }

  void onStats(RTCStatsReport report) {
    PeerStats stats = new PeerStats(report);
    videoIn.update(stats.inbound("video", "framesDecoded"));
    audioIn.update(stats.inbound("audio", "packetsReceived"));
    stats.selectedPair(announce).ifPresent(pair -> {
      String key = pair.localCandidate() + " / " + pair.remoteCandidate();
      if (!key.equals(selectedPair)) {
        selectedPair = key;
        listener.onNewCandidatePairSelected(pair);
      }
    });
  }

  void onIceConnectionChange(RTCIceConnectionState state) {
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
}
