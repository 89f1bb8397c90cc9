package io.vidgate.emulator.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file a RecorderEndpoint writes, from {@code record()} to its stop: raw pictures piped into
 * ffmpeg, which encodes and muxes them.
 *
 * <p><b>Time.</b> A player must see the time that was recorded, so pictures are written at a
 * constant rate from the moment recording starts: the latest frame received at each tick, the
 * last one again when none came, black before the first. The file's duration is then the wall
 * time between start and stop (paused time excluded), within one frame. Audio is silence (the
 * emulator's peers cannot read what they receive, see RealMediaPeerFactory): ffmpeg's
 * {@code anullsrc} cut to the video's length, or, audio-only, silent PCM written at the same pace.
 *
 * <p><b>Size.</b> The first frame fixes the picture size (and, when its sender keeps one, the
 * rate: a Composite's); later frames are scaled to it. ffmpeg starts only then, with the black
 * frames for the time before. Without any frame by the stop, the file is black at
 * {@value #DEFAULT_WIDTH}x{@value #DEFAULT_HEIGHT}.
 *
 * <p><b>Threads.</b> Senders hand frames to {@link #input()} on their own threads: the latest
 * replaces one not yet written, nothing waits. One writer thread per recording paces the ticks,
 * writes into ffmpeg's stdin (which may block when ffmpeg lags: only this thread waits) and
 * finalises the file. Failures are reported once to the {@link Listener}, from that thread.
 */
public final class FileRecording {

  private static final Logger log = LoggerFactory.getLogger(FileRecording.class);

  static final int DEFAULT_WIDTH = 640;
  static final int DEFAULT_HEIGHT = 480;
  /**
   * Frames a second when the sender keeps no rate (WebRTC peers send what their camera gives):
   * the Composite's default rate in KMS, and half an encoder's work of a 30 fps camera.
   */
  public static final int DEFAULT_FRAME_RATE = 15;
  private static final int AUDIO_RATE = 48_000;
  private static final int AUDIO_CHUNKS_PER_SECOND = 50;
  /** How long ffmpeg may take to finish the file once its input ended. */
  private static final long FINISH_TIMEOUT_SECONDS = 30;

  /** How a recording fails: KMS's Error event fields (type, GStreamer error code, text). */
  public interface Listener {
    void failed(String type, int code, String description);
  }

  private final Path file;
  private final RecordingProfile profile;
  private final Ffmpeg ffmpeg;
  private final Listener listener;
  private final Input input = new Input();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread writer;

  // Set by the controlling thread, read by the writer.
  private volatile long stopNanos = Long.MAX_VALUE;
  private volatile boolean aborted;
  private volatile long pausedSince = -1;
  private volatile long pausedTotal;
  private volatile Process process;
  /** ffmpeg's stderr (writer thread only): read when it fails, deleted when the recording ends. */
  private Path errorLog;

  public FileRecording(Path file, RecordingProfile profile, Ffmpeg ffmpeg, Listener listener) {
    this.file = file;
    this.profile = profile;
    this.ffmpeg = ffmpeg;
    this.listener = listener;
    this.writer = new Thread(this::run, "kurento-emulator-recorder");
    writer.setDaemon(true);
  }

  /** Where the frames to record go. */
  public VideoSink input() {
    return input;
  }

  /** Starts the clock (the file's time zero) and the writer. */
  public void start() {
    input.origin = System.nanoTime();
    writer.start();
  }

  public void pause() {
    if (pausedSince < 0) {
      pausedSince = System.nanoTime();
    }
  }

  public void resume() {
    long since = pausedSince;
    if (since >= 0) {
      pausedTotal += System.nanoTime() - since;
      pausedSince = -1;
      LockSupport.unpark(writer);
    }
  }

  /** Ends the recording now; completes once the file is complete and closed (or failed). */
  public CompletableFuture<Void> finish() {
    if (stopNanos == Long.MAX_VALUE) {
      resume(); // paused time up to now is not recorded
      stopNanos = System.nanoTime();
    }
    LockSupport.unpark(writer);
    return done;
  }

  /** Stops at once, as a crashing media server would: the file keeps what was written. */
  public void abort() {
    aborted = true;
    stopNanos = System.nanoTime();
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
    LockSupport.unpark(writer);
  }

  public CompletableFuture<Void> done() {
    return done;
  }

  // --- the writer thread ----------------------------------------------------------------------

  private void run() {
    try {
      if (!openable()) {
        return;
      }
      if (ffmpeg.executable().isEmpty()) {
        listener.failed("UNEXPECTED_ELEMENT_ERROR", 12, "Error code 12: " + ffmpeg.missingReason());
        return;
      }
      write();
    } catch (IOException e) {
      if (!aborted) {
        listener.failed("STREAM_ERROR_FAILED", 1, "Error code 1: recording into " + file
            + " failed: " + e.getMessage() + exitReason());
      }
    } catch (RuntimeException e) {
      log.warn("Recording into {} failed", file, e);
      listener.failed("UNEXPECTED_ELEMENT_ERROR", 0, "Recording into " + file + " failed: " + e);
    } finally {
      Process p = process;
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      deleteLog();
      done.complete(null);
    }
  }

  /**
   * Creates the parent directories, as KMS does, and the file: a path that cannot be written is
   * KMS's RESOURCE_ERROR_OPEN (GStreamer's OPEN_WRITE, code 6) from its file sink.
   */
  private boolean openable() {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.newOutputStream(file).close();
      return true;
    } catch (IOException | SecurityException e) {
      listener.failed("RESOURCE_ERROR_OPEN", 6, "Error code 6: Could not open file \"" + file
          + "\" for writing. (" + e + ")");
      return false;
    }
  }

  private void write() throws IOException {
    Source source = profile.hasVideo() ? videoSource() : audioSource();
    if (source == null) {
      return; // aborted before the first frame
    }
    Process p = launch(source);
    try (OutputStream out = p.getOutputStream()) {
      for (long n = 0; ; n++) {
        long due = waitForTick(n, source.tickNanos);
        if (due < 0) {
          break;
        }
        out.write(source.next(due));
      }
    } catch (IOException e) {
      if (!aborted) {
        throw e;
      }
    }
    if (aborted) {
      return;
    }
    finishProcess(p);
  }

  /**
   * Waits until tick {@code n} is due, on the recording's clock (which stands still while
   * paused); returns when it is due, or -1 when the recording ends before it.
   */
  private long waitForTick(long n, long tickNanos) {
    while (!aborted) {
      boolean paused = pausedSince >= 0;
      long due = input.origin + pausedTotal + n * tickNanos;
      if (!paused && due >= stopNanos) {
        return -1;
      }
      long now = System.nanoTime();
      if (!paused && now >= due) {
        return due;
      }
      LockSupport.parkNanos(paused ? TimeUnit.MILLISECONDS.toNanos(20) : due - now);
    }
    return -1;
  }

  private void finishProcess(Process p) throws IOException {
    try {
      if (!p.waitFor(FINISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg did not finish the file within " + FINISH_TIMEOUT_SECONDS
            + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while ffmpeg finished the file");
    }
    if (p.exitValue() != 0) {
      throw new IOException("ffmpeg exited with " + p.exitValue());
    }
  }

  private String exitReason() {
    Process p = process;
    if (p == null) {
      return "";
    }
    try {
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String log = p.isAlive() ? "" : readLog();
    return log.isEmpty() ? "" : " (ffmpeg: " + log + ")";
  }

  private void deleteLog() {
    try {
      if (errorLog != null) {
        Files.deleteIfExists(errorLog);
      }
    } catch (IOException e) {
      log.debug("Cannot delete {}: {}", errorLog, e.getMessage());
    }
  }

  private String readLog() {
    try {
      String text = errorLog == null ? "" : Files.readString(errorLog).strip();
      return text.length() > 500 ? text.substring(text.length() - 500) : text;
    } catch (IOException e) {
      return "";
    }
  }

  private Process launch(Source source) throws IOException {
    List<String> command = new ArrayList<>(List.of(ffmpeg.executable().get().toString(),
        "-hide_banner", "-nostdin", "-loglevel", "error"));
    command.addAll(source.inputArgs);
    if (profile.hasVideo()) {
      if (profile.hasAudio()) {
        command.addAll(List.of("-f", "lavfi", "-i",
            "anullsrc=channel_layout=stereo:sample_rate=" + AUDIO_RATE));
        command.addAll(List.of("-map", "0:v", "-map", "1:a"));
      }
      command.addAll(profile.videoCodec(source.bitrate));
    }
    if (profile.hasAudio()) {
      command.addAll(profile.audioCodec());
    }
    if (profile.hasVideo() && profile.hasAudio()) {
      command.add("-shortest"); // the silence ends with the pictures
    }
    command.addAll(profile.muxerOptions());
    command.addAll(List.of("-f", profile.container(), "-y", file.toString()));
    errorLog = Files.createTempFile("kurento-emulator-ffmpeg", ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errorLog.toFile());
    Process p = builder.start();
    process = p;
    if (aborted) {
      p.destroyForcibly();
    }
    log.debug("Recording into {}: {}", file, command);
    return p;
  }

  /** What the writer pipes into ffmpeg, one unit per tick. */
  private abstract static class Source {
    final List<String> inputArgs;
    final long tickNanos;
    final int bitrate;

    Source(List<String> inputArgs, int ticksPerSecond, int bitrate) {
      this.inputArgs = inputArgs;
      this.tickNanos = TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
      this.bitrate = bitrate;
    }

    abstract byte[] next(long due);
  }

  /** Waits for the first frame (or the stop) to fix the size and rate, then pictures. */
  private Source videoSource() {
    while (input.first == null && stopNanos == Long.MAX_VALUE && !aborted) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    if (aborted) {
      return null;
    }
    Arrival first = input.first;
    int width = first != null ? first.frame.width() : DEFAULT_WIDTH;
    int height = first != null ? first.frame.height() : DEFAULT_HEIGHT;
    int rate = first != null && first.frame.frameRate() > 0 ? first.frame.frameRate()
        : DEFAULT_FRAME_RATE;
    // A bitrate in proportion to the pixels, about what a browser gives a camera of that size.
    int bitrate = Math.max(300_000, Math.min(4_000_000, width * height * rate / 8));
    List<String> args = List.of("-f", "rawvideo", "-pix_fmt", "yuv420p",
        "-s", width + "x" + height, "-r", String.valueOf(rate), "-i", "pipe:0");
    byte[] black = I420Frame.black(width, height, rate).data();
    return new Source(args, rate, bitrate) {
      private byte[] current = black;

      @Override
      byte[] next(long due) {
        if (first == null || due < first.nanos) {
          return black;
        }
        I420Frame latest = input.latest.getAndSet(null);
        if (latest != null) {
          current = latest.width() == width && latest.height() == height ? latest.data()
              : Scaling.scale(latest, width, height).data();
        }
        return current;
      }
    };
  }

  private Source audioSource() {
    byte[] silence = new byte[AUDIO_RATE / AUDIO_CHUNKS_PER_SECOND * 2];
    List<String> args = List.of("-f", "s16le", "-ar", String.valueOf(AUDIO_RATE), "-ac", "1",
        "-i", "pipe:0");
    return new Source(args, AUDIO_CHUNKS_PER_SECOND, 0) {
      @Override
      byte[] next(long due) {
        return silence;
      }
    };
  }

  private record Arrival(I420Frame frame, long nanos) {}

  /** The frames senders hand in: the first (with its arrival) and the latest not yet written. */
  private static final class Input implements VideoSink {
    volatile long origin;
    volatile Arrival first;
    final AtomicReference<I420Frame> latest = new AtomicReference<>();

    @Override
    public FrameSize sizeFor(int width, int height) {
      Arrival f = first;
      return f == null ? new FrameSize(width, height)
          : new FrameSize(f.frame.width(), f.frame.height());
    }

    @Override
    public void accept(I420Frame frame) {
      if (first == null) {
        synchronized (this) {
          if (first == null) {
            first = new Arrival(frame, System.nanoTime());
          }
        }
      }
      latest.set(frame);
    }
  }
}
