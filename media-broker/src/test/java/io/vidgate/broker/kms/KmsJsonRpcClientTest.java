package io.vidgate.broker.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionAdapter;
import org.slf4j.LoggerFactory;

/**
 * The broker's Kurento transport against the emulator: what the chaos soak saw of kurento-client's own machinery
 * (bench/chaos-soak, docs/reliability.md).
 */
class KmsJsonRpcClientTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private KurentoEmulator kms;

    @BeforeEach
    void start() {
        kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
        closeables.add(kms);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logged);
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    /**
     * A client closed while it reconnects (what KmsPool does to a lost KMS's client) stops reconnecting. The
     * reconnection here hangs (the proxy takes the TCP connection and says nothing), so the close comes while an
     * attempt is under way. Closing interrupts that attempt; kurento-client's loop then rescheduled itself (on an
     * executor it re-created) and warned, "client closed explicitly", every 2 s until the JVM exited.
     */
    @Test
    void aClientClosedWhileReconnectingStopsTryingToConnect() throws Exception {
        Proxy proxy = new Proxy(kms.port());
        closeables.add(0, proxy);
        CountDownLatch reconnecting = new CountDownLatch(1);
        KmsJsonRpcClient transport = new KmsJsonRpcClient(URI.create("ws://127.0.0.1:" + proxy.port() + "/kurento"),
                new JsonRpcWSConnectionAdapter() {
                    @Override
                    public void reconnecting() {
                        reconnecting.countDown();
                    }
                }, 32, Duration.ofSeconds(10));
        transport.setTryReconnectingForever(true); // as KmsPool has it
        transport.setSendCloseMessage(true); // as KmsPool has it (with no socket, there is no close message)
        transport.setLabel("closed-while-reconnecting");
        KmsKurentoClient client = new KmsKurentoClient(transport);
        client.createMediaPipeline().release();

        proxy.hang(true);
        proxy.dropConnections();
        assertThat(reconnecting.await(10, TimeUnit.SECONDS)).isTrue();
        awaitTrue(() -> proxy.held() > 0, Duration.ofSeconds(10)); // an attempt is under way, hanging
        client.destroy();

        // Three of kurento-client's 2 s reconnection periods after the close: no attempt, no warning about one.
        int heldAtClose = proxy.held();
        logged.list.clear();
        Thread.sleep(6_500);
        assertThat(logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("closed-while-reconnecting") && m.contains("Retrying")))
                .as("reconnection attempts after close").isEmpty();
        assertThat(proxy.held()).as("connections tried after close").isEqualTo(heldAtClose);
    }

    /**
     * KMS sends an endpoint's events until it has processed its release: events of an object the client has released
     * are dropped at DEBUG. kurento-client logged each at ERROR ("Trying to propagate a event … but that doesn't exist
     * in the client").
     */
    @Test
    void anEventOfAnObjectTheClientReleasedIsNoError() throws Exception {
        KmsJsonRpcClient transport = new KmsJsonRpcClient(URI.create(kms.uri()), new JsonRpcWSConnectionAdapter(), 32,
                Duration.ofSeconds(10));
        KmsKurentoClient client = new KmsKurentoClient(transport);
        closeables.add(0, client::destroy);
        MediaPipeline pipeline = client.createMediaPipeline();
        WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();
        AtomicInteger heard = new AtomicInteger();
        endpoint.addIceCandidateFoundListener(event -> heard.incrementAndGet());
        JsonObject candidate = new JsonObject();
        JsonObject ice = new JsonObject();
        ice.addProperty("candidate", "candidate:1 1 UDP 2015363327 192.0.2.7 50000 typ host");
        ice.addProperty("sdpMid", "0");
        ice.addProperty("sdpMLineIndex", 0);
        ice.addProperty("__module__", "kurento");
        ice.addProperty("__type__", "IceCandidate");
        candidate.add("candidate", ice);
        assertThat(kms.raiseEvent(endpoint.getId(), "IceCandidateFound", candidate)).isPositive();
        awaitTrue(() -> heard.get() == 1, Duration.ofSeconds(5)); // events of a known object are delivered

        // The release as kurento-client sees it when KMS answers it; KMS has one more candidate on its way.
        client.romManager().getObjectManager().releaseObject(endpoint.getId());
        assertThat(kms.raiseEvent(endpoint.getId(), "IceCandidateFound", candidate)).isPositive();
        client.createMediaPipeline().release(); // a round trip after the event: it has been received

        assertThat(heard).hasValue(1);
        assertThat(logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)).as("warnings and errors").isEmpty();
        pipeline.release();
    }

    /** KmsPool destroys the client of every lost KMS and of each KMS at shutdown: that is no warning. */
    @Test
    void destroyingAClientIsNoWarning() throws Exception {
        KmsJsonRpcClient transport = new KmsJsonRpcClient(URI.create(kms.uri()), new JsonRpcWSConnectionAdapter(), 32,
                Duration.ofSeconds(10));
        transport.setSendCloseMessage(true); // as KmsPool has it
        KmsKurentoClient client = new KmsKurentoClient(transport);
        client.createMediaPipeline().release();
        client.destroy();
        assertThat(logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)).as("warnings and errors").isEmpty();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A TCP proxy to the emulator that can drop its connections, and take new ones without answering them. */
    private static final class Proxy implements AutoCloseable {

        private final ServerSocket server;
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger held = new AtomicInteger();
        private volatile boolean hang;

        Proxy(int target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accepting = new Thread(this::accept, "test-proxy");
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void hang(boolean hang) {
            this.hang = hang;
        }

        /** Connections taken and never answered. */
        int held() {
            return held.get();
        }

        void dropConnections() throws IOException {
            for (Socket socket : sockets) {
                if (!socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                    socket.close();
                }
            }
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    sockets.add(client);
                    if (hang) {
                        held.incrementAndGet();
                        continue;
                    }
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                    sockets.add(upstream);
                    pipe(client, upstream);
                    pipe(upstream, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void pipe(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException dropped) {
                    // either side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }, "test-proxy-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
