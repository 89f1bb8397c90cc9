package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The handshake limits, listener isolation and shutdown of {@code /openvidu}, against the running gateway. */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=edge-limits-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.max-connections=2",
                "vidgate.edge.handshakes-per-ip-per-minute=4", "vidgate.edge.first-frame-timeout=30s",
                "vidgate.signaling.max-message-bytes=65536", "vidgate.edge.idle-timeout=2s",
                "vidgate.public.allowed-origins=https://app.example.com,https://*.example.org"})
class OpenViduEdgeLimitsTest extends AgainstRecordingBroker {

    @Autowired
    InternalListenerServer internalListener;

    private static int handshakeStatus(String uri, Map<String, String> headers) {
        try {
            WsClient.connect(uri, headers).socket.abort();
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    private String url() {
        return "ws://127.0.0.1:" + port + "/openvidu";
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void connectionLimitThenPerIpRateLimitThenListenerIsolation() throws Exception {
        Map<String, String> origin = Map.of("Origin", "https://app.example.com");
        assertThat(handshakeStatus(url(), Map.of("Origin", "http://localhost:3000")))
                .as("only the configured origins are allowed").isEqualTo(403);

        double tooMany = metrics.refusedCount(EdgeRefusal.TOO_MANY_CONNECTIONS);
        double limited = metrics.refusedCount(EdgeRefusal.RATE_LIMITED);
        WsClient a = WsClient.connect(url(), origin);                                   // handshake 1
        WsClient b = WsClient.connect(url(), Map.of("Origin", "https://x.example.org")); // 2 (pattern)
        assertThat(handshakeStatus(url(), origin)).isEqualTo(503);                      // 3: 2 open
        assertThat(metrics.refusedCount(EdgeRefusal.TOO_MANY_CONNECTIONS)).isEqualTo(tooMany + 1);

        a.socket.sendClose(1000, "").join();
        await(() -> metrics.openConnections() == 1);
        WsClient c = WsClient.connect(url(), origin);                                   // 4
        assertThat(handshakeStatus(url(), origin)).isEqualTo(429);                      // 5: over 4/min
        assertThat(metrics.refusedCount(EdgeRefusal.RATE_LIMITED)).isEqualTo(limited + 1);
        b.socket.abort();
        c.socket.abort();
        await(() -> metrics.openConnections() == 0);

        // /openvidu belongs to the public listener: the internal one answers 404 like any unknown path.
        assertThat(handshakeStatus("ws://127.0.0.1:" + internalListener.port() + "/openvidu", origin)).isEqualTo(404);
        assertThat(broker.connections.get()).isZero();
    }

    @Test
    void aPipedSocketSilentForTheIdleTimeoutIsClosedAndSoIsItsBrokerSocket() throws Exception {
        WsClient client = joinedWithinRateLimit();
        broker.closeCodes.clear();
        // A frame over vidgate.signaling.max-message-bytes (64 KiB here) ends the socket with 1009 — but first, idleness:
        long start = System.nanoTime();
        assertThat(client.closeCode()).isEqualTo(1001);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1000), Duration.ofSeconds(6));
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1001);
    }

    @Test
    void aFrameOverTheMaximumAfterJoiningClosesWith1009() throws Exception {
        WsClient client = joinedWithinRateLimit();
        broker.received.clear();
        broker.closeCodes.clear();
        client.socket.sendText("x".repeat(70_000), true);
        assertThat(client.closeCode()).isEqualTo(1009);
        assertThat(broker.closeCodeOf(broker.lastConnection())).isNotNull();
        assertThat(broker.received).isEmpty();
    }

    private WsClient joinedWithinRateLimit() throws InterruptedException {
        String session = SessionIds.generate();
        WsClient client = connectWithinRateLimit(session);
        client.send(EdgeFrames.joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.SUBSCRIBER), session));
        assertThat(EdgeFrames.rpcSessionIdOf(client.next())).startsWith("rpc_");
        return client;
    }

    /** This class's IP budget is 4 handshakes a minute (refilled one per 15 s): wait for a token when needed. */
    private WsClient connectWithinRateLimit(String session) throws InterruptedException {
        for (int attempt = 0; attempt < 40; attempt++) {
            try {
                return WsClient.connect(url() + "?sessionId=" + session, Map.of());
            } catch (CompletionException refused) {
                Thread.sleep(1000);
            }
        }
        throw new AssertionError("no handshake accepted within 40 s");
    }
}
