package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Waits;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.kurento.client.ErrorEvent;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.UriEndpointState;

/**
 * What a recorder that cannot record tells its client: KMS's Error event on the recorder (what a
 * broker subscribes to), never a crash, and a recorder that still stops and releases cleanly.
 */
class RecorderErrorsTest {

  /** Signaling only, and an ffmpeg that is not there. */
  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms(EmulatorOptions.ephemeral()
      .withFfmpeg("/nonexistent/bin/ffmpeg"));

  @TempDir
  Path dir;

  @Test
  void aPathThatCannotBeWrittenIsKmsResourceErrorOpen() {
    // /proc takes no new directories, whoever runs the test.
    ErrorEvent error = recordExpectingError("file:///proc/vidgate-recordings/a.webm",
        MediaProfileSpecType.WEBM);
    assertThat(error.getType()).isEqualTo("RESOURCE_ERROR_OPEN");
    assertThat(error.getErrorCode()).isEqualTo(6);
    assertThat(error.getDescription()).contains("/proc/vidgate-recordings/a.webm");
  }

  @Test
  void missingFfmpegIsAnErrorNamingIt() {
    ErrorEvent error = recordExpectingError(dir.resolve("a.webm").toUri().toString(),
        MediaProfileSpecType.WEBM);
    assertThat(error.getType()).isEqualTo("UNEXPECTED_ELEMENT_ERROR");
    assertThat(error.getDescription()).contains("ffmpeg not found", "/nonexistent/bin/ffmpeg");
  }

  @Test
  void aProfileTheEmulatorDoesNotWriteIsAnError() {
    ErrorEvent error = recordExpectingError(dir.resolve("a.mkv").toUri().toString(),
        MediaProfileSpecType.MKV);
    assertThat(error.getDescription()).contains("MKV", "not emulated");
  }

  private ErrorEvent recordExpectingError(String uri, MediaProfileSpecType profile) {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, uri)
          .withMediaProfile(profile).build();
      BlockingQueue<ErrorEvent> errors = new LinkedBlockingQueue<>();
      recorder.addErrorListener(errors::add);
      recorder.record();
      ErrorEvent error = Waits.next(errors);
      // Still a recorder that stops (at once: nothing to finish) and goes away.
      recorder.stopAndWait();
      assertThat(recorder.getState()).isEqualTo(UriEndpointState.STOP);
      recorder.release();
      return error;
    } finally {
      pipeline.release();
      assertThat(kms.server().objects().total()).isZero();
    }
  }
}
