package io.vidgate.emulator.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vidgate.emulator.testing.MediaFiles;
import io.vidgate.turn.testing.RequiresPrograms;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recording straight into ffmpeg, without WebRTC: the file keeps the first frame's size and
 * the wall time recorded, whatever the frames do, in each profile's codecs.
 */
@RequiresPrograms(debianPackage = MediaFiles.DEBIAN_PACKAGE, programs = {"ffmpeg", "ffprobe"})
class FileRecordingTest {

  private final List<String> failures = new CopyOnWriteArrayList<>();

  @TempDir
  Path dir;

  @Test
  void framesOfAnotherSizeAreScaledToTheFirstAndGapsRepeatTheLastFrame() throws Exception {
    Path file = dir.resolve("sizes.webm");
    FileRecording recording = recording(file, RecordingProfile.WEBM);
    recording.start();
    Thread.sleep(300); // black until the first frame
    recording.input().accept(solid(320, 240, 200));
    Thread.sleep(700);
    recording.input().accept(solid(640, 480, 60)); // a camera switched resolution
    Thread.sleep(1000); // nothing more arrives: the last picture stays
    recording.finish().get(30, TimeUnit.SECONDS);

    assertThat(failures).isEmpty();
    MediaFiles.Probe probe = MediaFiles.probe(file);
    assertThat(probe.video()).hasValueSatisfying(v -> {
      assertThat(List.of(v.width(), v.height())).containsExactly(320, 240);
      assertThat(v.frameRate()).isEqualTo(FileRecording.DEFAULT_FRAME_RATE);
    });
    assertThat(probe.durationSeconds()).isCloseTo(2.0, within(0.2));
    assertThat(brightness(file, 0.1)).as("black before the first frame").isLessThan(30);
    assertThat(brightness(file, 0.6)).isGreaterThan(170);
    assertThat(brightness(file, 1.8)).isBetween(40.0, 90.0);
  }

  @Test
  void pausedTimeIsNotRecorded() throws Exception {
    Path file = dir.resolve("paused.webm");
    FileRecording recording = recording(file, RecordingProfile.WEBM_VIDEO_ONLY);
    recording.start();
    recording.input().accept(solid(160, 120, 120));
    Thread.sleep(1000);
    recording.pause();
    Thread.sleep(1000);
    recording.resume();
    Thread.sleep(500);
    recording.finish().get(30, TimeUnit.SECONDS);

    MediaFiles.Probe probe = MediaFiles.probe(file);
    assertThat(probe.audio()).isEmpty();
    assertThat(probe.durationSeconds()).isCloseTo(1.5, within(0.2));
  }

  @Test
  void audioOnlyIsSilenceOfTheRecordedTime() throws Exception {
    Path file = dir.resolve("audio.webm");
    FileRecording recording = recording(file, RecordingProfile.WEBM_AUDIO_ONLY);
    recording.start();
    Thread.sleep(1500);
    recording.finish().get(30, TimeUnit.SECONDS);

    MediaFiles.Probe probe = MediaFiles.probe(file);
    assertThat(probe.video()).isEmpty();
    assertThat(probe.audio()).hasValueSatisfying(a -> assertThat(a.codec()).isEqualTo("opus"));
    assertThat(probe.durationSeconds()).isCloseTo(1.5, within(0.2));
  }

  @Test
  void mp4IsH264AndAac() throws Exception {
    Path file = dir.resolve("stream.mp4");
    FileRecording recording = recording(file, RecordingProfile.MP4);
    recording.start();
    recording.input().accept(solid(320, 240, 100));
    Thread.sleep(1000);
    recording.finish().get(30, TimeUnit.SECONDS);

    MediaFiles.Probe probe = MediaFiles.probe(file);
    assertThat(probe.video()).hasValueSatisfying(v -> assertThat(v.codec()).isEqualTo("h264"));
    assertThat(probe.audio()).hasValueSatisfying(a -> assertThat(a.codec()).isEqualTo("aac"));
    assertThat(probe.durationSeconds()).isCloseTo(1.0, within(0.2));
  }

  @Test
  void aRecordingCutShortByACrashStillPlaysWhatWasWritten() throws Exception {
    Path file = dir.resolve("crashed.webm");
    FileRecording recording = recording(file, RecordingProfile.WEBM);
    recording.start();
    recording.input().accept(solid(320, 240, 200));
    Thread.sleep(2500);
    recording.abort(); // the emulated media server restarts
    recording.done().get(30, TimeUnit.SECONDS);

    assertThat(failures).isEmpty();
    assertThat(MediaFiles.probe(file).video()).isPresent();
    assertThat(brightness(file, 0.5)).isGreaterThan(170);
  }

  private FileRecording recording(Path file, RecordingProfile profile) {
    return new FileRecording(file, profile, Ffmpeg.locate(null),
        (type, code, description) -> failures.add(type + " " + description));
  }

  /** A flat grey picture of this brightness. */
  private static I420Frame solid(int width, int height, int luma) {
    I420Frame frame = I420Frame.black(width, height, 0);
    java.util.Arrays.fill(frame.data(), 0, width * height, (byte) luma);
    return frame;
  }

  private static double brightness(Path file, double seconds) {
    MediaFiles.Picture p = MediaFiles.picture(file, seconds);
    return p.meanRgb(0, 0, p.width(), p.height())[1];
  }
}
