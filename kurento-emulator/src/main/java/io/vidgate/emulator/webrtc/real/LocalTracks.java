package io.vidgate.emulator.webrtc.real;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video and audio track one {@link RealMediaPeer} sends, with their sources, and the peer's
 * closed flag that guards them: frames and silence are pushed under a read lock that
 * {@link #close} takes for writing, so that none is running once the tracks may be freed.
 */
final class LocalTracks {

  private static final Logger log = LoggerFactory.getLogger(LocalTracks.class);

  private static final int SAMPLE_RATE = 48_000;
  private static final byte[] SILENCE =
      new byte[(int) (SAMPLE_RATE * RealMediaPeerFactory.AUDIO_FRAME_MILLIS / 1000) * 2];

  private final ReentrantReadWriteLock sending = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile boolean connected;
  private CustomVideoSource videoSource;
  private VideoTrack videoTrack;
  private CustomAudioSource audioSource;
  private AudioTrack audioTrack;

  /** Makes the sources and tracks, on the endpoint's call that opens the peer connection. */
  void create(PeerConnectionFactory factory, String streamId) {
    sending.writeLock().lock();
    try {
      videoSource = new CustomVideoSource();
      videoTrack = factory.createVideoTrack("video-" + streamId, videoSource);
      audioSource = new CustomAudioSource();
      audioTrack = factory.createAudioTrack("audio-" + streamId, audioSource);
    } finally {
      sending.writeLock().unlock();
    }
  }

  VideoTrack videoTrack() {
    return videoTrack;
  }

  AudioTrack audioTrack() {
    return audioTrack;
  }

  boolean closed() {
    return closed;
  }

  /** The peer connection's DTLS state: silence is pushed only while connected. */
  void connected(boolean value) {
    connected = value;
  }

  /** On libwebrtc's decoding thread of the peer it comes from: one frame into the video track. */
  void sendVideo(VideoFrame frame) {
    if (!sending.readLock().tryLock()) {
      return; // closing
    }
    try {
      if (!closed && videoSource != null) {
        videoSource.pushFrame(frame);
      }
    } finally {
      sending.readLock().unlock();
    }
  }

  /**
   * 10 ms of silence into the audio track. Only once connected: webrtc-java's custom audio source
   * does not lock its sink list, which libwebrtc changes while negotiating.
   */
  void sendSilence() {
    if (!connected || !sending.readLock().tryLock()) {
      return;
    }
    try {
      if (!closed && audioSource != null) {
        audioSource.pushAudio(SILENCE, 16, SAMPLE_RATE, 1, SILENCE.length / 2);
      }
    } finally {
      sending.readLock().unlock();
    }
  }

  /**
   * Marks the peer closed once no push is running any more, so that none starts again; false if
   * it was closed already.
   */
  boolean close() {
    sending.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      connected = false;
      return true;
    } finally {
      sending.writeLock().unlock();
    }
  }

  /** Frees the tracks and sources: after {@link #close} and after the peer connection is gone. */
  void dispose() {
    // Lambdas, not method references: a reference on a null track (an endpoint released before
    // it negotiated has none) throws before dispose can skip it.
    dispose(() -> videoTrack.dispose(), videoTrack);
    dispose(() -> audioTrack.dispose(), audioTrack);
    dispose(() -> videoSource.dispose(), videoSource);
    dispose(() -> audioSource.dispose(), audioSource);
  }

  private static void dispose(Runnable disposal, Object what) {
    if (what == null) {
      return;
    }
    try {
      disposal.run();
    } catch (Error | RuntimeException e) {
      // webrtc-java throws an Error when a native reference is still held: a leak, not a crash.
      log.debug("{} not freed: {}", what.getClass().getSimpleName(), e.getMessage());
    }
  }
}
