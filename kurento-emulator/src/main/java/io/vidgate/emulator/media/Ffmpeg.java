package io.vidgate.emulator.media;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the ffmpeg executable is: the emulator's recorders encode and mux through it (Debian's
 * {@code ffmpeg} package). Looked up once, when the emulator starts.
 *
 * @param requested what was asked for: a path, or a name looked up on {@code PATH}
 * @param executable the executable found, if any
 */
public record Ffmpeg(String requested, Optional<Path> executable) {

  public static final String DEFAULT = "ffmpeg";

  /** Finds {@code requested} (a path, or a name on {@code PATH}; null for "ffmpeg"). */
  public static Ffmpeg locate(String requested) {
    String name = requested == null || requested.isBlank() ? DEFAULT : requested;
    return new Ffmpeg(name, find(name));
  }

  private static Optional<Path> find(String name) {
    if (name.contains(File.separator)) {
      return Optional.of(Path.of(name)).filter(Files::isExecutable);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Optional.of(Path.of(dir, name));
      }
    }
    return Optional.empty();
  }

  /** Why nothing can be recorded, for the recorder's Error event. */
  public String missingReason() {
    return "ffmpeg not found (" + requested + "): the kurento-emulator records through ffmpeg;"
        + " install it (apt-get install ffmpeg) or name it with the emulator's --ffmpeg option";
  }
}
