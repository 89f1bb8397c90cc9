package io.vidgate.emulator.testing;

import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a webrtc-java client decoded from the video tracks it received: how many frames, of which
 * sizes, how many different pictures, how recently. Frames of {@link SyntheticCamera} change their
 * centre pixel every frame, so more than one distinct picture means moving video arrived.
 */
public final class DecodedVideo implements VideoTrackSink {

  private final AtomicInteger framesDecoded = new AtomicInteger();
  private final Set<String> frameSizes = ConcurrentHashMap.newKeySet();
  private final Set<Integer> centres = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastFrameNanos = new AtomicLong();
  // The tracks this sink is on, guarded by itself: taken off them all on close().
  private final List<VideoTrack> watched = new ArrayList<>();
  private boolean closed;

  /** Decodes {@code track} from now on (for a client's onTrack), unless already closed. */
  public void watch(VideoTrack track) {
    synchronized (watched) {
      if (closed) {
        return;
      }
      watched.add(track);
    }
    track.addSink(this);
  }

  @Override
  public void onVideoFrame(VideoFrame frame) {
    try {
      framesDecoded.incrementAndGet();
      lastFrameNanos.set(System.nanoTime());
      frameSizes.add(frame.buffer.getWidth() + "x" + frame.buffer.getHeight());
      ByteBuffer y = frame.buffer.toI420().getDataY();
      // The centre pixel; quantised, since the codec does not give back the exact value.
      int centre = y.get(y.capacity() / 2) & 0xff;
      centres.add(centre / 8);
    } finally {
      frame.release();
    }
  }

  public int framesDecoded() {
    return framesDecoded.get();
  }

  /** The sizes of the frames decoded, e.g. {@code 320x240}. */
  public Set<String> frameSizes() {
    return Set.copyOf(frameSizes);
  }

  /** How many different centre pixels the decoded frames had: more than one means moving video. */
  public int distinctPictures() {
    return centres.size();
  }

  public long nanosSinceLastFrame() {
    long last = lastFrameNanos.get();
    return last == 0 ? Long.MAX_VALUE : System.nanoTime() - last;
  }

  /** Takes this sink off every track it watches (before the peer connection closes). */
  public void close() {
    List<VideoTrack> tracks;
    synchronized (watched) {
      closed = true;
      tracks = List.copyOf(watched);
      watched.clear();
    }
    tracks.forEach(track -> track.removeSink(this));
  }
}
