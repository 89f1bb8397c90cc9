package io.vidgate.emulator.media;

import java.util.Arrays;

/**
 * One decoded picture in I420 (planar Y, then U and V at half resolution), packed without row
 * padding: what recorders write and the Composite mixes. {@code frameRate} is the rate the
 * sender produces frames at when it keeps one (a Composite), 0 when frames come as they arrive
 * (a WebRTC peer).
 */
public record I420Frame(int width, int height, byte[] data, int frameRate) {

  public I420Frame {
    if (width <= 0 || height <= 0 || data.length != size(width, height)) {
      throw new IllegalArgumentException("not an I420 frame of " + width + "x" + height);
    }
  }

  /** Bytes of a packed I420 picture of this size. */
  public static int size(int width, int height) {
    return width * height + 2 * chroma(width) * chroma(height);
  }

  /** The width (or height) of the chroma planes. */
  public static int chroma(int luma) {
    return (luma + 1) / 2;
  }

  /** A black picture (Y 16, U and V 128: video black, as GStreamer's videotestsrc makes it). */
  public static I420Frame black(int width, int height, int frameRate) {
    byte[] data = new byte[size(width, height)];
    Arrays.fill(data, 0, width * height, (byte) 16);
    Arrays.fill(data, width * height, data.length, (byte) 128);
    return new I420Frame(width, height, data, frameRate);
  }

  public int uOffset() {
    return width * height;
  }

  public int vOffset() {
    return width * height + chroma(width) * chroma(height);
  }
}
