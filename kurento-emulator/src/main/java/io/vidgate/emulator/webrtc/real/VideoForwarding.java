package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import io.vidgate.emulator.media.VideoSink;
import io.vidgate.emulator.webrtc.WebRtcPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where the media one {@link RealMediaPeer} receives goes: each decoded frame of its remote video
 * track is pushed into the video track of every peer the pipeline routes it to, and copied
 * ({@link Frames}) to every other {@link VideoSink} it reaches (recorders, Composite inputs); the
 * peers routed its audio are read by the factory's audio clock (audio content is not forwarded).
 */
final class VideoForwarding {

  /** The receiving peer's closed flag: nothing is forwarded, or attached, once it is set. */
  private final BooleanSupplier closed;

  private final Object receiving = new Object();
  private VideoTrack remoteVideo;
  private final VideoTrackSink forwarder = this::forwardVideo;
  private volatile List<RealMediaPeer> videoSinks = List.of();
  private volatile List<RealMediaPeer> audioSinks = List.of();
  private volatile List<VideoSink> frameSinks = List.of();

  VideoForwarding(BooleanSupplier closed) {
    this.closed = closed;
  }

  /** The peers a kind is routed to now; other kinds of peer have no media to push into. */
  void forwardTo(String kind, List<WebRtcPeer> sinks) {
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

  /** The recorders and Composite inputs this peer's video goes to now. */
  void feed(List<VideoSink> sinks) {
    frameSinks = List.copyOf(sinks);
  }

  List<RealMediaPeer> audioSinks() {
    return audioSinks;
  }

  /** On libwebrtc's signaling thread: the remote video track, forwarded from now on. */
  void received(VideoTrack video) {
    synchronized (receiving) {
      if (!closed.getAsBoolean() && remoteVideo == null) {
        remoteVideo = video;
        video.addSink(forwarder);
      }
    }
  }

  /**
   * Stops forwarding, once the peer is closed: returns when no frame is being delivered any more.
   */
  void stop() {
    videoSinks = List.of();
    audioSinks = List.of();
    frameSinks = List.of();
    VideoTrack remote;
    synchronized (receiving) {
      remote = remoteVideo;
      remoteVideo = null;
    }
    if (remote != null) {
      remote.removeSink(forwarder); // returns once a frame being delivered is done
    }
  }

  /** On libwebrtc's decoding thread: one decoded frame, on to every routed peer. */
  private void forwardVideo(VideoFrame frame) {
    try {
      if (!closed.getAsBoolean()) {
        for (RealMediaPeer sink : videoSinks) {
          sink.sendVideo(frame);
        }
        List<VideoSink> sinks = frameSinks;
        if (!sinks.isEmpty()) {
          Frames.deliver(frame.buffer, sinks);
        }
      }
    } finally {
      frame.release();
    }
  }
}
