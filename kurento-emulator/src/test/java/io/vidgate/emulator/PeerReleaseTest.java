package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.support.PeerCycles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Released WebRtcEndpoints free their native peer connections: 300 create/negotiate/release
 * cycles in a JVM of its own ({@link PeerCycles}: fixed pre-touched heap, C1 only), and the
 * resident size the JVM does not account for itself (RSS minus code cache and metaspace) grows by
 * less than {@value #BOUND_KIB_PER_CYCLE} KiB per cycle over the last 200 (measured: about 18).
 *
 * <p>Why not zero: webrtc-java 0.14 leaks every description {@code createOffer}/{@code createAnswer}
 * produces (its JNI observer never deletes it), measured at about 20 KiB each; nothing the
 * emulator could free. Without {@code NativeRefs} each closed peer connection stayed allocated
 * (about 180 KiB more per cycle), which this bound catches.
 */
class PeerReleaseTest {

  private static final int WARM_UP = 100;
  private static final int MEASURED = 200;
  private static final long BOUND_KIB_PER_CYCLE = 64;
  private static final Pattern LINE = Pattern.compile(
      "CYCLES (\\d+) rssKiB=(\\d+) nonHeapKiB=(\\d+) peerConnections=(\\d+).*");

  @Test
  void releasedEndpointsGiveTheirNativeMemoryBack() throws Exception {
    List<String> output = runCycles(WARM_UP + MEASURED, WARM_UP);
    Map<Integer, long[]> at = new HashMap<>();
    for (String line : output) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        at.put(Integer.parseInt(m.group(1)), new long[] {Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
      }
    }
    assertThat(output).as(String.join("\n", output)).contains("DONE");
    long[] start = at.get(WARM_UP);
    long[] end = at.get(WARM_UP + MEASURED);
    long nativeGrowth = (end[0] - start[0]) - (end[1] - start[1]);
    double perCycle = nativeGrowth / (double) MEASURED;
    System.out.printf("PEER RELEASE: %d cycles, RSS %d -> %d KiB, JVM non-heap %d -> %d KiB,"
        + " native growth %d KiB (%.1f KiB per cycle)%n", MEASURED, start[0], end[0], start[1],
        end[1], nativeGrowth, perCycle);
    assertThat(at.values()).allSatisfy(v -> assertThat(v[2]).as("live peer connections").isZero());
    assertThat(perCycle).isLessThan(BOUND_KIB_PER_CYCLE);
  }

  private static List<String> runCycles(int cycles, int every)
      throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC",
        // C2 compiles in malloc'd arenas that glibc keeps resident: steps of 10-20 MB that have
        // nothing to do with peers. C1 alone keeps the curve smooth.
        "-XX:TieredStopAtLevel=1",
        "-cp", classpath, PeerCycles.class.getName(),
        Integer.toString(cycles), Integer.toString(every)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> process.inputReader().lines().forEach(lines::add),
        "peer-cycles-output");
    reader.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reader.join(5_000);
    return List.copyOf(lines);
  }
}
