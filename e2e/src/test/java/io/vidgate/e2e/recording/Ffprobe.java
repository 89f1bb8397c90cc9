package io.vidgate.e2e.recording;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A recorded file as a user's player sees it, read with Debian's {@code ffprobe} and {@code ffmpeg} (package
 * {@code ffmpeg}): its streams with their codecs and decoded frame counts, its duration, and single decoded pictures
 * as 8-bit gray pixels.
 */
final class Ffprobe {

    static final String FFPROBE = "ffprobe";
    static final String FFMPEG = "ffmpeg";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Ffprobe() {
    }

    /** One stream of a file; {@code frames} as decoded to the end ({@code -count_frames}), not as the header says. */
    record Stream(String type, String codec, int width, int height, long frames) {
    }

    /** @param duration seconds, as players show it (the container's duration) */
    record Probe(Path file, double duration, List<Stream> streams) {

        List<Stream> video() {
            return streams.stream().filter(stream -> "video".equals(stream.type())).toList();
        }

        List<Stream> audio() {
            return streams.stream().filter(stream -> "audio".equals(stream.type())).toList();
        }
    }

    /** The file's duration and streams; fails with ffprobe's words if it cannot read the file. */
    static Probe probe(Path file) {
        String out = new String(run(FFPROBE, "-v", "error", "-count_frames", "-show_entries",
                "format=duration:stream=codec_type,codec_name,width,height,nb_read_frames", "-of", "json",
                file.toString()), StandardCharsets.UTF_8);
        JsonNode json = JSON.readTree(out);
        List<Stream> streams = new ArrayList<>();
        for (JsonNode stream : json.path("streams")) {
            streams.add(new Stream(stream.path("codec_type").asString(""), stream.path("codec_name").asString(""),
                    stream.path("width").asInt(0), stream.path("height").asInt(0),
                    Long.parseLong(stream.path("nb_read_frames").asString("0"))));
        }
        String duration = json.path("format").path("duration").asString("");
        if (duration.isEmpty() || "N/A".equals(duration)) {
            throw new AssertionError("ffprobe finds no duration in " + file + " (a player would show none): " + out);
        }
        return new Probe(file, Double.parseDouble(duration), List.copyOf(streams));
    }

    /** The picture shown {@code seconds} into the file, decoded, as gray pixels. */
    static Picture picture(Path file, double seconds, int width, int height) {
        byte[] gray = run(FFMPEG, "-v", "error", "-ss", String.format(Locale.ROOT, "%.3f", seconds), "-i",
                file.toString(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-");
        if (gray.length != width * height) {
            throw new AssertionError("ffmpeg decoded " + gray.length + " bytes at " + seconds + " s of " + file
                    + ", not one " + width + "x" + height + " picture");
        }
        return new Picture(width, height, gray);
    }

    /** A decoded picture, one byte of luma per pixel, row by row. */
    record Picture(int width, int height, byte[] gray) {

        /** Standard deviation of the luma in columns [x0, x1) and rows [y0, y1): about 0 for a black or flat area. */
        double deviation(int x0, int x1, int y0, int y1) {
            double sum = 0;
            double squares = 0;
            long n = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int luma = gray[y * width + x] & 0xff;
                    sum += luma;
                    squares += (double) luma * luma;
                    n++;
                }
            }
            double mean = sum / n;
            return Math.sqrt(Math.max(0, squares / n - mean * mean));
        }

        /** The share of pixels whose luma differs from {@code other}'s by more than {@code threshold}. */
        double changedFrom(Picture other, int threshold) {
            int changed = 0;
            for (int i = 0; i < gray.length; i++) {
                if (Math.abs((gray[i] & 0xff) - (other.gray[i] & 0xff)) > threshold) {
                    changed++;
                }
            }
            return (double) changed / gray.length;
        }
    }

    /** Runs the program; its standard output. Fails with its error output if it exits non-zero or hangs. */
    private static byte[] run(String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            byte[] out = readAll(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + new String(errors.join(), StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
