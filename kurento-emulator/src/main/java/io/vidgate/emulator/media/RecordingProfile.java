package io.vidgate.emulator.media;

import java.util.List;
import java.util.Optional;

/**
 * The media profiles of KMS's RecorderEndpoint that the emulator writes, as ffmpeg arguments.
 * KMS's codecs for each: WEBM is VP8 and Opus in WebM, MP4 is H.264 and AAC in MP4
 * (kmsrecordingprofile.c). Others (MKV, FLV, JPEG, KSR) are refused.
 */
public enum RecordingProfile {
  WEBM(true, true, "webm"),
  WEBM_VIDEO_ONLY(true, false, "webm"),
  WEBM_AUDIO_ONLY(false, true, "webm"),
  MP4(true, true, "mp4"),
  MP4_VIDEO_ONLY(true, false, "mp4"),
  MP4_AUDIO_ONLY(false, true, "mp4");

  private final boolean video;
  private final boolean audio;
  private final String container;

  RecordingProfile(boolean video, boolean audio, String container) {
    this.video = video;
    this.audio = audio;
    this.container = container;
  }

  /** The profile of KMS's MediaProfileSpecType name, if the emulator writes it. */
  public static Optional<RecordingProfile> of(String kmsName) {
    for (RecordingProfile p : values()) {
      if (p.name().equals(kmsName)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public boolean hasVideo() {
    return video;
  }

  public boolean hasAudio() {
    return audio;
  }

  /** ffmpeg's muxer name. */
  public String container() {
    return container;
  }

  /**
   * Encoder arguments for the video stream. Realtime settings: the emulator shares a test
   * machine's cores, so speed wins over compression; one thread per recording.
   */
  List<String> videoCodec(int bitsPerSecond) {
    return container.equals("webm")
        ? List.of("-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
            "-b:v", String.valueOf(bitsPerSecond), "-threads", "1")
        : List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-pix_fmt", "yuv420p", "-b:v", String.valueOf(bitsPerSecond), "-threads", "1");
  }

  /**
   * Muxer options: WebM clusters of at most a second, written out as they close, so that a file
   * whose recording died with the media server (a restart) still plays up to its last second, as
   * a crashed KMS's WebM does.
   */
  List<String> muxerOptions() {
    return container.equals("webm")
        ? List.of("-cluster_time_limit", "1000", "-flush_packets", "1") : List.of();
  }

  List<String> audioCodec() {
    return container.equals("webm")
        ? List.of("-c:a", "libopus", "-b:a", "32k")
        : List.of("-c:a", "aac", "-b:a", "64k");
  }
}
