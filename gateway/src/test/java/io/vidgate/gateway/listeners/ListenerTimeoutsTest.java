package io.vidgate.gateway.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vidgate.gateway.RawConnection;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.WsClient;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Connections that hold a descriptor without making progress are closed on both listeners: one that never finishes
 * its request head (slowloris), one kept alive and left idle, one that stops sending its body. Upgraded WebSockets
 * are not: the edge's own timeouts govern them.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=timeouts-test-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE,
                "vidgate.public.idle-timeout=1s", "vidgate.public.request-read-timeout=1s",
                "vidgate.internal.idle-timeout=1s", "vidgate.internal.request-read-timeout=1s"})
class ListenerTimeoutsTest {

    /** Far above the 1 s timeouts, far below the 10 s a test waits for an answer. */
    static final Duration CLOSED_WITHIN = Duration.ofSeconds(6);

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    @Test
    void aClientThatNeverFinishesItsRequestHeadIsClosedOnBothListeners() throws Exception {
        for (int port : new int[] {publicPort, internalListener.port()}) {
            try (RawConnection slow = RawConnection.open(port)) {
                slow.write("GET /actuator/health HT");
                assertThat(slow.awaitClosedByServer(CLOSED_WITHIN)).as("port " + port).isNotNull();
            }
            try (RawConnection slow = RawConnection.open(port)) {
                slow.write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
                assertThat(slow.awaitClosedByServer(CLOSED_WITHIN)).as("port " + port).isNotNull();
            }
            try (RawConnection silent = RawConnection.open(port)) {
                assertThat(silent.awaitClosedByServer(CLOSED_WITHIN)).as("port " + port).isEqualTo("");
            }
        }
    }

    @Test
    void aRequestHeadTrickledAByteAtATimeDoesNotKeepTheConnectionOpen() throws Exception {
        try (RawConnection slow = RawConnection.open(publicPort)) {
            slow.write("GET /v1/ice-servers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            long deadline = System.nanoTime() + CLOSED_WITHIN.toNanos();
            String closed = null;
            while (closed == null && System.nanoTime() < deadline) {
                try {
                    slow.write("a"); // a byte every 250 ms, four per idle timeout
                } catch (java.io.IOException reset) {
                    closed = "";
                    break;
                }
                closed = slow.awaitClosedByServer(Duration.ofMillis(250));
            }
            assertThat(closed).isNotNull();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedOnBothListeners() throws Exception {
        for (int port : new int[] {publicPort, internalListener.port()}) {
            try (RawConnection idle = RawConnection.open(port)) {
                assertThat(idle.get("/no/such/path")).startsWith("HTTP/1.1 404");
                assertThat(idle.awaitClosedByServer(CLOSED_WITHIN)).as("port " + port).isEqualTo("");
            }
        }
    }

    /** The client's doing, so no server error is logged for it either (it was a 500 at ERROR, stack trace and all). */
    @Test
    void aBodyThatStopsArrivingClosesTheConnectionQuietly() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        try {
            try (RawConnection slow = RawConnection.open(internalListener.port())) {
                slow.write("POST /turn-rest-api HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nservice=tu");
                assertThat(slow.awaitClosedByServer(CLOSED_WITHIN)).isNotNull();
            }
            try (RawConnection next = RawConnection.open(internalListener.port())) {
                assertThat(next.get("/actuator/health")).startsWith("HTTP/1.1 200"); // what was logged is logged
            }
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void anUpgradedWebSocketOutlivesTheListenersIdleTimeout() throws Exception {
        WsClient client = WsClient.connect("ws://127.0.0.1:" + publicPort + "/openvidu", Map.of());
        // Silent for three listener idle timeouts; the edge's first-frame timeout (10 s) is the one that applies.
        Thread.sleep(3_000);
        assertThat(client.closed).isNotDone();
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":1}");
        assertThat(client.next()).contains("pong");
        client.socket.abort();
    }
}
