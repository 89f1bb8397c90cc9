package io.vidgate.emulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar kurento-emulator.jar [--host=127.0.0.1] [--port=8888] [--latency=50|10-80]
 * [--candidate-address=IP] [--chain-idle-gap=200] [--session-gc=240]}.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "kurento-emulator-logback.xml");
    }
    EmulatorOptions options;
    try {
      options = parse(args, EmulatorOptions.defaults());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    KurentoEmulator emulator = KurentoEmulator.start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      stopped.countDown();
    }, "kurento-emulator-shutdown"));
    LoggerFactory.getLogger(Main.class).info(
        "Kurento emulator (KMS {}) listening on {}, hooks on {}/emulator",
        emulator.kmsVersion(), emulator.uri(), emulator.httpUri());
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
          --candidate-address=IP    address in host ICE candidates (the bind address)
          --latency=MS | MIN-MAX    latency added to every request (0)
          --chain-idle-gap=MS       idle time that ends a round-trip chain (200)
          --session-gc=S            seconds before a disconnected session's objects go, 0 = never (240)
        """;
  }
}
