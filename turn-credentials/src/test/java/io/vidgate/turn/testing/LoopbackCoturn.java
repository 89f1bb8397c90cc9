package io.vidgate.turn.testing;

import io.vidgate.turn.TurnCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real coturn ({@code turnserver} from the Debian package {@code coturn}) on 127.0.0.1, configured for the REST
 * scheme ({@code use-auth-secret}) with the given secrets, on a free port, logging into a temporary directory.
 * Credentials are checked with the real client {@code turnutils_uclient}. Annotate the test class with
 * {@link RequiresCoturn} so that a machine without coturn reports its tests as skipped (or failed on CI).
 *
 * <pre>{@code
 * try (LoopbackCoturn coturn = LoopbackCoturn.start("secret")) {
 *     AllocationResult result = coturn.tryAllocate(username, password);
 * }
 * }</pre>
 */
public final class LoopbackCoturn implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final String REALM = "vidgate.test";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int RELAY_PORT_COUNT = 200;
    private static final String REFUSED_MARK = "Cannot complete Allocation";

    /** How {@code turnutils_uclient} reaches coturn. */
    public enum Transport {
        UDP, TCP
    }

    private final Process process;
    private final Path directory;
    private final int port;
    private final Thread reaper;

    private LoopbackCoturn(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        // A test JVM that dies without close() must not leave a turnserver behind.
        this.reaper = new Thread(process::destroyForcibly, "loopback-coturn-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts coturn accepting credentials signed with any of {@code staticAuthSecrets}; waits until it answers
     * STUN over UDP and accepts TCP. Without coturn installed, skips the calling test (fails it on CI), see
     * {@link RequiredBinaries}.
     */
    public static LoopbackCoturn start(String... staticAuthSecrets) {
        return start(List.of(staticAuthSecrets));
    }

    public static LoopbackCoturn start(List<String> staticAuthSecrets) {
        if (staticAuthSecrets.isEmpty()) {
            throw new IllegalArgumentException("coturn needs at least one static-auth-secret");
        }
        RequiredBinaries.requireCoturn();
        try {
            Path directory = Files.createTempDirectory("vidgate-coturn-");
            int port = freeTcpAndUdpPort();
            Path config = directory.resolve("turnserver.conf");
            Files.write(config, configLines(directory, port, staticAuthSecrets));
            Process process = new ProcessBuilder(RequiredBinaries.TURNSERVER, "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("console.log").toFile())
                    .start();
            LoopbackCoturn coturn = new LoopbackCoturn(process, directory, port);
            try {
                coturn.awaitListening();
            } catch (RuntimeException e) {
                String log = coturn.log();
                coturn.close();
                throw new IllegalStateException(e.getMessage() + "\n--- coturn log ---\n" + log, e);
            }
            return coturn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start turnserver", e);
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** {@code turn:127.0.0.1:<port>?transport=udp|tcp}. */
    public String turnUri(Transport transport) {
        return "turn:" + HOST + ":" + port + "?transport=" + transport.name().toLowerCase(Locale.ROOT);
    }

    /** The UDP and the TCP URI of this coturn. */
    public List<String> turnUris() {
        return List.of(turnUri(Transport.UDP), turnUri(Transport.TCP));
    }

    public Path logFile() {
        return directory.resolve("turnserver.log");
    }

    /** What coturn has logged so far (empty if nothing yet). */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile()) : Files.readString(directory.resolve("console.log"));
        } catch (IOException e) {
            return "<cannot read coturn log: " + e + ">";
        }
    }

    public AllocationResult tryAllocate(TurnCredential credential) {
        return tryAllocate(credential.username(), credential.password(), Transport.UDP);
    }

    public AllocationResult tryAllocate(String username, String password) {
        return tryAllocate(username, password, Transport.UDP);
    }

    /**
     * Runs {@code turnutils_uclient -y} with these credentials: two clients each allocate a relay and send a message
     * to the other's relay. Returns allocated if that worked, refused if coturn turned the allocation down.
     *
     * @throws IllegalStateException if the client did neither (crashed, or ran past its time limit), so that a
     *                               broken setup never passes for a refusal
     */
    public AllocationResult tryAllocate(String username, String password, Transport transport) {
        List<String> command = new ArrayList<>(List.of(RequiredBinaries.TURNUTILS_UCLIENT, "-y", "-c", "-n", "1"));
        if (transport == Transport.TCP) {
            command.add("-t");
        }
        command.addAll(List.of("-u", username, "-w", password, "-p", Integer.toString(port), HOST));
        try {
            Path output = Files.createTempFile(directory, "uclient-", ".log");
            Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            boolean finished = client.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                client.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            String printed = Files.readString(output);
            if (finished && client.exitValue() == 0) {
                return new AllocationResult(true, printed);
            }
            if (finished && printed.contains(REFUSED_MARK)) {
                return new AllocationResult(false, printed);
            }
            throw new IllegalStateException("turnutils_uclient neither allocated nor was refused ("
                    + (finished ? "exit " + client.exitValue() : "still running after " + CLIENT_TIMEOUT)
                    + ")\n--- turnutils_uclient ---\n" + printed + "\n--- coturn log ---\n" + log());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run turnutils_uclient", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running turnutils_uclient", e);
        }
    }

    /** Stops coturn (and waits until it has exited) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shutdownUnderWay) {
            // the hook runs anyway
        }
        deleteRecursively(directory);
    }

    private static List<String> configLines(Path directory, int port, List<String> secrets) {
        // Relay ports below Linux's ephemeral range (32768+), in a random block so parallel instances rarely meet;
        // coturn skips a relay port that is taken anyway.
        int minRelayPort = 20000 + ThreadLocalRandom.current().nextInt(12000 - RELAY_PORT_COUNT);
        List<String> lines = new ArrayList<>(List.of(
                "listening-ip=" + HOST,
                "relay-ip=" + HOST,
                "listening-port=" + port,
                "min-port=" + minRelayPort,
                "max-port=" + (minRelayPort + RELAY_PORT_COUNT - 1),
                // Both relays of turnutils_uclient -y live on 127.0.0.1, which coturn refuses as a peer by default.
                "allow-loopback-peers",
                "no-tls",
                "no-dtls",
                "no-cli",
                // RFC 5780 would want a second listening port (port + 1) that nobody reserved for us.
                "no-rfc5780",
                "realm=" + REALM,
                "use-auth-secret",
                // The packaged default database under /var/lib/turn is not writable for an ordinary user.
                "userdb=" + directory.resolve("turndb"),
                "pidfile=" + directory.resolve("turnserver.pid"),
                "log-file=" + directory.resolve("turnserver.log"),
                // Without it coturn appends a date to the log file name.
                "simple-log"));
        secrets.forEach(secret -> lines.add("static-auth-secret=" + secret));
        return lines;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("turnserver exited with " + process.exitValue() + " while starting");
            }
            if (answersStunOverUdp() && acceptsTcp()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        throw new IllegalStateException("turnserver did not listen on " + HOST + ":" + port + " within " + STARTUP_TIMEOUT);
    }

    // A STUN Binding request (RFC 5389): type 0x0001, length 0, magic cookie, 12-byte transaction id.
    private boolean answersStunOverUdp() {
        byte[] request = new byte[20];
        ThreadLocalRandom.current().nextBytes(request);
        request[0] = 0x00;
        request[1] = 0x01;
        request[2] = 0x00;
        request[3] = 0x00;
        request[4] = 0x21;
        request[5] = 0x12;
        request[6] = (byte) 0xA4;
        request[7] = 0x42;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(HOST))) {
            socket.setSoTimeout(200);
            socket.send(new DatagramPacket(request, request.length, InetAddress.getByName(HOST), port));
            DatagramPacket response = new DatagramPacket(new byte[512], 512);
            socket.receive(response);
            // 0x0101: Binding success response
            return response.getLength() >= 20 && response.getData()[0] == 0x01 && response.getData()[1] == 0x01;
        } catch (IOException notYet) {
            return false;
        }
    }

    private boolean acceptsTcp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // coturn listens on the same port number for UDP and TCP, so both must be free.
    private static int freeTcpAndUdpPort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(candidate, InetAddress.getByName(HOST))) {
                    return candidate;
                } catch (IOException udpTaken) {
                    // try another
                }
            }
        }
        throw new IOException("no port free for both TCP and UDP on " + HOST);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for turnserver", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "LoopbackCoturn[" + HOST + ":" + port + ", realm=" + REALM + "]";
    }
}
