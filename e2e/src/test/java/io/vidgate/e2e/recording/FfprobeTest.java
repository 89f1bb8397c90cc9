package io.vidgate.e2e.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import io.vidgate.e2e.recording.Ffprobe.Picture;
import io.vidgate.e2e.recording.Ffprobe.Probe;
import io.vidgate.turn.testing.RequiresPrograms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks {@link RecordingTest} makes of recorded files tell a moving picture from a frozen one and a picture from
 * a flat one, on WebM files ffmpeg makes from its own test sources.
 */
@RequiresPrograms(debianPackage = "ffmpeg", programs = {Ffprobe.FFMPEG, Ffprobe.FFPROBE})
class FfprobeTest {

    @TempDir
    Path work;

    @Test
    void aMovingPatternChangesAndHasStructure() throws Exception {
        Path file = webm("testsrc2=size=320x240:rate=15");
        Probe probe = Ffprobe.probe(file);
        assertThat(probe.duration()).isCloseTo(3.0, within(0.2));
        assertThat(probe.video()).singleElement().satisfies(video -> {
            assertThat(video.codec()).isEqualTo("vp8");
            assertThat(video.frames()).isEqualTo(45);
        });
        assertThat(probe.audio()).isEmpty();
        Picture early = Ffprobe.picture(file, 0.3, 320, 240);
        Picture late = Ffprobe.picture(file, 2.5, 320, 240);
        assertThat(late.changedFrom(early, 24)).isGreaterThan(0.002);
        assertThat(early.deviation(0, 160, 60, 180)).isGreaterThan(8.0);
    }

    @Test
    void aFlatStillPictureNeitherChangesNorHasStructure() throws Exception {
        Path file = webm("color=c=black:size=320x240:rate=15");
        Picture early = Ffprobe.picture(file, 0.3, 320, 240);
        Picture late = Ffprobe.picture(file, 2.5, 320, 240);
        assertThat(late.changedFrom(early, 24)).isZero();
        assertThat(early.deviation(0, 160, 60, 180)).isLessThan(1.0);
    }

    private Path webm(String source) throws Exception {
        Path file = work.resolve("source.webm");
        Process ffmpeg = new ProcessBuilder(Ffprobe.FFMPEG, "-v", "error", "-y", "-f", "lavfi", "-i", source, "-t", "3",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "500k", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor()).as("ffmpeg: " + output).isZero();
        return file;
    }
}
