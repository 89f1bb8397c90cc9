package io.vidgate.e2e.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's turnserver (package coturn), started by {@code config/coturn/start-coturn.sh} as the coturn/coturn image
 * is in docker-compose.yml — same script, same configuration file, same environment variable — on a free port of
 * 127.0.0.1, its files in a temporary folder. Test classes using it carry {@code @RequiresCoturn}.
 */
final class LocalCoturn implements DeployedCoturn {

    private final Process process;
    private final Path directory;
    private final InetSocketAddress address;

    private LocalCoturn(Process process, Path directory, InetSocketAddress address) {
        this.process = process;
        this.directory = directory;
        this.address = address;
    }

    /**
     * Starts it with {@code secrets} as VIDGATE_TURN_SECRETS, relaying from 127.0.0.1, and {@code extraArguments}
     * after the script's (for instance more {@code --allowed-peer-ip}s).
     */
    static LocalCoturn start(String secrets, List<String> extraArguments) {
        try {
            Path directory = Files.createTempDirectory("vidgate-deployed-coturn-");
            int port = DeployedCoturn.freeTcpAndUdpPort();
            List<String> command = new ArrayList<>(List.of("bash", START_SCRIPT.toString(),
                    "--listening-port=" + port, "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                    // The packaged defaults under /var/lib/turn and /var/run are not this test's to use.
                    "--userdb=" + directory.resolve("turndb"), "--pidfile=" + directory.resolve("turnserver.pid")));
            command.addAll(extraArguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("console.log").toFile());
            builder.environment().put("VIDGATE_TURN_SECRETS", secrets);
            builder.environment().put("TMPDIR", directory.toString());
            LocalCoturn coturn = new LocalCoturn(builder.start(), directory, new InetSocketAddress("127.0.0.1", port));
            try {
                coturn.awaitListening(Duration.ofSeconds(15), coturn.process::isAlive);
            } catch (RuntimeException failed) {
                coturn.close();
                throw failed;
            }
            return coturn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start config/coturn/start-coturn.sh", e);
        }
    }

    /** The process: the script execs turnserver, so this is turnserver itself. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /** The folder start-coturn.sh writes its copy of the configuration to (TMPDIR). */
    Path runtimeDirectory() {
        return directory;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public String log() {
        try {
            return Files.readString(directory.resolve("console.log"));
        } catch (IOException e) {
            return "<cannot read coturn's output: " + e + ">";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is not worth failing a test for
        }
    }
}
