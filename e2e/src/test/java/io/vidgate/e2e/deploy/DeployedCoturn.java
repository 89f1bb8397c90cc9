package io.vidgate.e2e.deploy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.turn.testing.TurnClient;

/**
 * A coturn started the way docker-compose.yml starts it: {@code config/coturn/start-coturn.sh} with
 * {@code config/coturn/turnserver.conf} and the secrets in {@code VIDGATE_TURN_SECRETS}, plus the arguments a test
 * needs (a free port on loopback instead of 3478, a relay address of this machine). Either Debian's turnserver on
 * this machine ({@link LocalCoturn}) or the coturn/coturn image ({@link CoturnContainer}).
 */
interface DeployedCoturn extends AutoCloseable {

    Path CONFIG = StackProcesses.ROOT.resolve("config/coturn");
    Path START_SCRIPT = CONFIG.resolve("start-coturn.sh");
    Path TURNSERVER_CONF = CONFIG.resolve("turnserver.conf");

    /** Where clients reach it: 127.0.0.1 and its port, UDP and TCP. */
    InetSocketAddress address();

    /** What it logged so far. */
    String log();

    @Override
    void close();

    /** {@code turn:127.0.0.1:<port>?transport=udp|tcp}, as Vidgate hands it to browsers. */
    default String turnUri(String transport) {
        return "turn:" + address().getHostString() + ":" + address().getPort() + "?transport=" + transport;
    }

    /** The addresses turnserver.conf lets coturn relay to ({@code allowed-peer-ip}): Kurento's in docker-compose.yml. */
    static List<String> allowedPeers() throws IOException {
        return Files.readAllLines(TURNSERVER_CONF).stream().filter(line -> line.startsWith("allowed-peer-ip="))
                .map(line -> line.substring("allowed-peer-ip=".length()).trim()).toList();
    }

    /** Waits until it answers STUN on its UDP port, or fails with its log. */
    default void awaitListening(Duration timeout, java.util.function.BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException("coturn exited while starting:\n" + log());
            }
            if (TurnClient.answersStun(address(), Duration.ofMillis(200))) {
                return;
            }
        }
        throw new IllegalStateException("coturn did not answer STUN on " + address() + " within " + timeout + ":\n" + log());
    }

    /** A port of 127.0.0.1 free for both TCP and UDP a moment ago (coturn listens on both). */
    static int freeTcpAndUdpPort() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(candidate, loopback)) {
                    return candidate;
                } catch (IOException taken) {
                    // another
                }
            }
        }
        throw new IOException("no port of 127.0.0.1 free for both TCP and UDP");
    }
}
