package io.vidgate.emulator.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A recorded file read as a user's player reads it, through Debian's {@code ffprobe} and
 * {@code ffmpeg}: its streams and duration, and pictures at given times as RGB pixels. Tests that
 * use it need both programs; annotate them as needing the {@code ffmpeg} package.
 *
 * <pre>{@code
 * MediaFiles.Probe probe = MediaFiles.probe(file);
 * assertThat(probe.video()).hasValueSatisfying(v -> assertThat(v.codec()).isEqualTo("vp8"));
 * MediaFiles.Picture at1s = MediaFiles.picture(file, 1.0);
 * }</pre>
 */
public final class MediaFiles {

  /** The Debian package that provides both programs. */
  public static final String DEBIAN_PACKAGE = "ffmpeg";

  private MediaFiles() {}

  /** What ffprobe says of a file: its streams and its duration in seconds (NaN if unknown). */
  public record Probe(List<Stream> streams, double durationSeconds, String formatName) {

    public Optional<Stream> video() {
      return streams.stream().filter(s -> s.type().equals("video")).findFirst();
    }

    public Optional<Stream> audio() {
      return streams.stream().filter(s -> s.type().equals("audio")).findFirst();
    }
  }

  /**
   * One stream: {@code type} video or audio, {@code codec} as ffmpeg names it (vp8, opus, h264,
   * aac), a video's size and frame rate (0 for audio).
   */
  public record Stream(String type, String codec, int width, int height, double frameRate) {}

  /** One decoded picture, RGB with 8 bits a channel, row by row. */
  public record Picture(int width, int height, byte[] rgb) {

    /** The mean red, green and blue over the rectangle [x0, x1) x [y0, y1). */
    public double[] meanRgb(int x0, int y0, int x1, int y1) {
      double[] sum = new double[3];
      long n = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          int i = (y * width + x) * 3;
          for (int c = 0; c < 3; c++) {
            sum[c] += rgb[i + c] & 0xff;
          }
          n++;
        }
      }
      for (int c = 0; c < 3; c++) {
        sum[c] /= Math.max(1, n);
      }
      return sum;
    }

    /** The mean absolute difference of the channels of two pictures of the same size (0-255). */
    public double differenceFrom(Picture other) {
      if (other.width != width || other.height != height) {
        return 255;
      }
      long total = 0;
      for (int i = 0; i < rgb.length; i++) {
        total += Math.abs((rgb[i] & 0xff) - (other.rgb[i] & 0xff));
      }
      return (double) total / rgb.length;
    }
  }

  /** {@code ffprobe -v error -show_streams -show_format -of json}. */
  public static Probe probe(Path file) {
    String json = new String(run(List.of("ffprobe", "-v", "error", "-show_streams",
        "-show_format", "-of", "json", file.toString())), StandardCharsets.UTF_8);
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    List<Stream> streams = new ArrayList<>();
    if (root.has("streams")) {
      for (JsonElement e : root.getAsJsonArray("streams")) {
        JsonObject s = e.getAsJsonObject();
        streams.add(new Stream(text(s, "codec_type"), text(s, "codec_name"), integer(s, "width"),
            integer(s, "height"), rate(text(s, "avg_frame_rate"))));
      }
    }
    JsonObject format = root.has("format") ? root.getAsJsonObject("format") : new JsonObject();
    String duration = text(format, "duration");
    return new Probe(List.copyOf(streams),
        duration.isEmpty() ? Double.NaN : Double.parseDouble(duration),
        text(format, "format_name"));
  }

  /** The picture shown at {@code seconds}: {@code ffmpeg -ss t -frames:v 1 -pix_fmt rgb24}. */
  public static Picture picture(Path file, double seconds) {
    Stream video = probe(file).video()
        .orElseThrow(() -> new AssertionError(file + " has no video stream"));
    byte[] rgb = run(List.of("ffmpeg", "-v", "error", "-ss",
        String.format(Locale.ROOT, "%.3f", seconds), "-i", file.toString(), "-frames:v", "1",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-"));
    if (rgb.length != video.width() * video.height() * 3) {
      throw new AssertionError("no picture at " + seconds + " s in " + file + " (" + rgb.length
          + " bytes)");
    }
    return new Picture(video.width(), video.height(), rgb);
  }

  private static byte[] run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(command.get(0) + " did not finish: " + command);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(command.get(0) + " failed (" + p.exitValue() + "): " + command);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String text(JsonObject o, String name) {
    JsonElement v = o.get(name);
    return v == null || v.isJsonNull() ? "" : v.getAsString();
  }

  private static int integer(JsonObject o, String name) {
    JsonElement v = o.get(name);
    return v == null || v.isJsonNull() ? 0 : v.getAsInt();
  }

  /** "15/1" → 15.0; "0/0" → 0. */
  private static double rate(String fraction) {
    String[] parts = fraction.split("/");
    if (parts.length != 2 || parts[1].equals("0")) {
      return 0;
    }
    return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
  }
}
