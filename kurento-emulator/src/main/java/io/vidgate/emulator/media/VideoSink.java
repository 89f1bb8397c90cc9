package io.vidgate.emulator.media;

/**
 * Where decoded video goes besides other WebRTC peers: a recorder, a Composite's input, or the
 * video a peer sends. Senders call it on their own media thread (libwebrtc's decoder, a
 * Composite's clock), so {@link #accept} must never block: a sink keeps the latest frame and lets
 * older ones go.
 */
public interface VideoSink {

  /**
   * The size a frame of {@code width}x{@code height} must be scaled to before {@link #accept}:
   * the sender scales (natively, when it holds a libwebrtc frame), so that the sink's own thread
   * only copies. The same size for as-is.
   */
  default FrameSize sizeFor(int width, int height) {
    return new FrameSize(width, height);
  }

  /** One frame of the size {@link #sizeFor} asked for; the sink may keep it. */
  void accept(I420Frame frame);

  /** A picture size; even numbers where a sink chooses it, as encoders want. */
  record FrameSize(int width, int height) {

    /** The largest size of this one's aspect ratio that fits in the box, in even numbers. */
    public FrameSize fitIn(int boxWidth, int boxHeight) {
      double scale = Math.min((double) boxWidth / width, (double) boxHeight / height);
      int w = Math.max(2, (int) Math.round(width * scale) & ~1);
      int h = Math.max(2, (int) Math.round(height * scale) & ~1);
      return new FrameSize(Math.min(w, boxWidth & ~1), Math.min(h, boxHeight & ~1));
    }
  }
}
