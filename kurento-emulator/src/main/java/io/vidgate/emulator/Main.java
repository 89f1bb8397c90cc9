package io.vidgate.emulator;

import io.vidgate.emulator.webrtc.real.RealMediaPeerFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kurento-emulator.jar [--host=127.0.0.1] [--port=8888] [--media=real|none]
 * [--latency=50|10-80] [--candidate-address=IP] [--chain-idle-gap=200] [--session-gc=240]
 * [--ffmpeg=PATH]}.
 * Real media by default: a standalone emulator is what {@code bin/vidgate-dev} makes calls with.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kurento-emulator-logback.xml");
    }
    EmulatorOptions options;
    try {
      options = parse(args, EmulatorOptions.defaults().withMedia(EmulatorOptions.Media.REAL));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    KurentoEmulator emulator;
    try {
      emulator = KurentoEmulator.start(options);
    } catch (RealMediaPeerFactory.Unavailable e) {
      LoggerFactory.getLogger(Main.class).warn("No real media: {}. Running signaling only"
          + " (--media=none) instead.", e.getMessage());
      emulator = KurentoEmulator.start(options.withMedia(EmulatorOptions.Media.NONE));
    }
    KurentoEmulator started = emulator;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      started.close();
      stopped.countDown();
    }, "kurento-emulator-shutdown"));
    LoggerFactory.getLogger(Main.class).info(
        "Kurento emulator (KMS {}, media {}) listening on {}, hooks on {}/emulator",
        emulator.kmsVersion(), emulator.media(), emulator.uri(), emulator.httpUri());
    stopped.await();
  }

  static EmulatorOptions parse(String[] args, EmulatorOptions options) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(usage());
        System.exit(0);
      }
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("Unknown argument: " + arg);
      }
      String name = arg.substring(2, eq);
      String value = arg.substring(eq + 1);
      options = switch (name) {
        case "host" -> options.withHost(value);
        case "port" -> options.withPort(Integer.parseInt(value));
        case "candidate-address" -> options.withCandidateAddress(value);
        case "ffmpeg" -> options.withFfmpeg(value);
        case "media" -> options.withMedia(switch (value) {
          case "real" -> EmulatorOptions.Media.REAL;
          case "none" -> EmulatorOptions.Media.NONE;
          default -> throw new IllegalArgumentException("--media must be real or none: " + value);
        });
        case "chain-idle-gap" -> options.withChainIdleGap(Duration.ofMillis(Long.parseLong(value)));
        case "session-gc" -> options.withSessionGcPeriod(
            Duration.ofSeconds(Long.parseLong(value)));
        case "latency" -> {
          String[] range = value.split("-", 2);
          Duration min = Duration.ofMillis(Long.parseLong(range[0]));
          yield options.withLatency(min,
              range.length == 2 ? Duration.ofMillis(Long.parseLong(range[1])) : min);
        }
        default -> throw new IllegalArgumentException("Unknown option: --" + name);
      };
    }
    return options;
  }

  private static String usage() {
    return """
        Usage: java -jar kurento-emulator.jar [options]
          --host=ADDR               bind address (127.0.0.1)
          --port=N                  port, 0 for any free one (8888)
          --media=real|none         real WebRTC peers behind WebRtcEndpoints, or signaling only (real)
          --candidate-address=IP    address in host ICE candidates (real media: the interfaces'
                                    own; none: the bind address)
          --latency=MS | MIN-MAX    latency added to every request (0)
          --chain-idle-gap=MS       idle time that ends a round-trip chain (200)
          --session-gc=S            seconds before a disconnected session's objects go, 0 = never (240)
          --ffmpeg=PATH             the ffmpeg RecorderEndpoints write files with (ffmpeg on PATH)
        """;
  }
}
