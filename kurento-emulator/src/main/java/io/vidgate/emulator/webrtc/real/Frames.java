package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import io.vidgate.emulator.media.I420Frame;
import io.vidgate.emulator.media.VideoSink;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Between libwebrtc's frames and the emulator's {@link I420Frame}s: a decoded frame is scaled
 * natively (libyuv, through webrtc-java's {@code cropAndScale}) to the size each sink asks for,
 * once per size, then copied out of native memory; a frame to send is copied into a new native
 * buffer.
 */
final class Frames {

  private Frames() {}

  /** On the decoding thread: the frame, in the size each sink wants, to every sink. */
  static void deliver(VideoFrameBuffer buffer, List<VideoSink> sinks) {
    int width = buffer.getWidth();
    int height = buffer.getHeight();
    Map<VideoSink.FrameSize, I420Frame> bySize = new HashMap<>(2);
    for (VideoSink sink : sinks) {
      VideoSink.FrameSize size = sink.sizeFor(width, height);
      I420Frame frame = bySize.computeIfAbsent(size, s -> copy(buffer, s));
      sink.accept(frame);
    }
  }

  private static I420Frame copy(VideoFrameBuffer buffer, VideoSink.FrameSize size) {
    boolean scale = size.width() != buffer.getWidth() || size.height() != buffer.getHeight();
    VideoFrameBuffer sized = scale
        ? buffer.cropAndScale(0, 0, buffer.getWidth(), buffer.getHeight(), size.width(),
            size.height())
        : buffer;
    try {
      I420Buffer i420 = sized.toI420();
      try {
        return copyOut(i420);
      } finally {
        if (i420 != sized) {
          i420.release();
        }
      }
    } finally {
      if (sized != buffer) {
        sized.release();
      }
    }
  }

  private static I420Frame copyOut(I420Buffer in) {
    int w = in.getWidth();
    int h = in.getHeight();
    byte[] data = new byte[I420Frame.size(w, h)];
    int cw = I420Frame.chroma(w);
    int ch = I420Frame.chroma(h);
    copyPlane(in.getDataY(), in.getStrideY(), data, 0, w, h);
    copyPlane(in.getDataU(), in.getStrideU(), data, w * h, cw, ch);
    copyPlane(in.getDataV(), in.getStrideV(), data, w * h + cw * ch, cw, ch);
    return new I420Frame(w, h, data, 0);
  }

  private static void copyPlane(ByteBuffer plane, int stride, byte[] out, int offset, int w,
      int h) {
    for (int y = 0; y < h; y++) {
      plane.get(y * stride, out, offset + y * w, w);
    }
  }

  /** A native frame holding a copy of {@code frame}; the caller releases it. */
  static VideoFrame toNative(I420Frame frame) {
    int w = frame.width();
    int h = frame.height();
    int cw = I420Frame.chroma(w);
    int ch = I420Frame.chroma(h);
    NativeI420Buffer buffer = NativeI420Buffer.allocate(w, h);
    copyPlaneIn(frame.data(), 0, w, h, buffer.getDataY(), buffer.getStrideY());
    copyPlaneIn(frame.data(), frame.uOffset(), cw, ch, buffer.getDataU(), buffer.getStrideU());
    copyPlaneIn(frame.data(), frame.vOffset(), cw, ch, buffer.getDataV(), buffer.getStrideV());
    return new VideoFrame(buffer, System.nanoTime());
  }

  private static void copyPlaneIn(byte[] in, int offset, int w, int h, ByteBuffer plane,
      int stride) {
    for (int y = 0; y < h; y++) {
      plane.put(y * stride, in, offset + y * w, w);
    }
  }
}
