package io.vidgate.emulator.testing;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.vidgate.emulator.webrtc.real.NativeRefs;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A synthetic camera and microphone for a webrtc-java client: a video track ({@code camera}) of
 * I420 frames whose pattern moves every frame, and an audio track ({@code microphone}) that can
 * play a 440 Hz tone, both in the stream {@code camera}.
 *
 * <p>Closing a client takes two steps around the peer connection's own close: {@link #stop()}
 * before (no frame is pushed into a closing connection), {@link #dispose()} after (libwebrtc may
 * still use the tracks until the connection is closed and its senders released).
 */
public final class SyntheticCamera {

  private static final int SAMPLE_RATE = 48_000;

  private final CustomVideoSource videoSource = new CustomVideoSource();
  private final CustomAudioSource audioSource = new CustomAudioSource();
  private final VideoTrack video;
  private final AudioTrack audio;
  private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, task -> {
    Thread thread = new Thread(task, "synthetic-camera");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicInteger framesPushed = new AtomicInteger();
  private volatile boolean stopped;
  // The chroma of every pixel: grey (128, 128) unless tinted.
  private volatile byte tintU = (byte) 128;
  private volatile byte tintV = (byte) 128;

  public SyntheticCamera(PeerConnectionFactory factory) {
    video = factory.createVideoTrack("camera", videoSource);
    audio = factory.createAudioTrack("microphone", audioSource);
  }

  /**
   * Adds both tracks to {@code pc}; the native references of their senders, which the caller
   * releases ({@link NativeRefs#release}) once the connection is closed.
   */
  public List<Long> addTo(RTCPeerConnection pc) {
    return List.of(NativeRefs.handle(pc.addTrack(video, List.of("camera"))),
        NativeRefs.handle(pc.addTrack(audio, List.of("camera"))));
  }

  /**
   * Pushes {@code fps} frames a second from now on, with sensor-like noise over the pattern when
   * {@code noisy}: a harder picture to encode, as a real camera's is.
   */
  public void start(int width, int height, int fps, boolean noisy) {
    clock.scheduleAtFixedRate(() -> pushFrame(width, height, noisy), 0, 1000 / fps,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Plays the tone in 10 ms chunks whenever {@code connected}: webrtc-java's CustomAudioSource
   * does not lock its sinks, which libwebrtc changes while negotiating.
   */
  public void startTone(BooleanSupplier connected) {
    AtomicLong sample = new AtomicLong();
    clock.scheduleAtFixedRate(() -> {
      if (connected.getAsBoolean()) {
        pushTone(sample);
      }
    }, 10, 10, TimeUnit.MILLISECONDS);
  }

  /**
   * Colours the picture from the next frame on: every pixel gets these chroma values (U, V in
   * 0-255) over the moving pattern's brightness, e.g. (90, 240) reddish, (240, 90) bluish. Tells
   * cameras apart in a mixed picture.
   */
  public void tint(int u, int v) {
    tintU = (byte) u;
    tintV = (byte) v;
  }

  public int framesPushed() {
    return framesPushed.get();
  }

  /** Stops pushing frames and tone, waiting for a push under way. */
  public void stop() {
    stopped = true;
    clock.shutdownNow();
    try {
      clock.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Frees the tracks, then their sources. */
  public void dispose() {
    video.dispose();
    audio.dispose();
    videoSource.dispose();
    audioSource.dispose();
  }

  private void pushFrame(int width, int height, boolean noisy) {
    if (stopped) {
      return;
    }
    int n = framesPushed.incrementAndGet();
    NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
    texture(buffer.getDataY(), buffer.getStrideY(), width, height, n, noisy);
    fill(buffer.getDataU(), tintU);
    fill(buffer.getDataV(), tintV);
    VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
    try {
      videoSource.pushFrame(frame);
    } finally {
      frame.release();
    }
  }

  /**
   * A detailed picture that moves every frame (an XOR pattern scrolling both ways): costs an
   * encoder about what camera content does, unlike a flat colour, and changes the centre pixel.
   */
  private static void texture(ByteBuffer plane, int stride, int width, int height, int n,
      boolean noisy) {
    byte[] row = new byte[width];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        row[x] = (byte) (((x + 3 * n) ^ (y + n)) + (noisy ? random.nextInt(24) : 0));
      }
      plane.put(y * stride, row);
    }
  }

  private static void fill(ByteBuffer plane, byte value) {
    for (int i = 0; i < plane.capacity(); i++) {
      plane.put(i, value);
    }
  }

  private void pushTone(AtomicLong sample) {
    if (stopped) {
      return;
    }
    int frames = SAMPLE_RATE / 100;
    byte[] pcm = new byte[frames * 2];
    for (int i = 0; i < frames; i++) {
      short s = (short) (6000 * Math.sin(2 * Math.PI * 440 * sample.getAndIncrement() / SAMPLE_RATE));
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    audioSource.pushAudio(pcm, 16, SAMPLE_RATE, 1, frames);
  }
}
