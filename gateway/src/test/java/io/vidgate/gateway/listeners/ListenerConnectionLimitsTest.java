package io.vidgate.gateway.listeners;

import static io.vidgate.gateway.RealHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vidgate.gateway.RawConnection;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One client address cannot hold more than its share of the public listener, all clients together cannot hold more
 * than the public listener's share of the process, and the internal listener keeps answering meanwhile. 127.0.0.1,
 * 127.0.0.2 and 127.0.0.3 are three clients to the server.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=limits-test-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE,
                "vidgate.public.max-connections=5", "vidgate.public.max-connections-per-ip=3",
                "vidgate.internal.max-connections=3", "vidgate.internal.max-connections-per-ip=2"})
class ListenerConnectionLimitsTest {

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    @Test
    void perIpThenTotalLimitOnThePublicListenerWhileTheInternalOneKeepsAnswering() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(served("127.0.0.1", publicPort));
            }
            assertRefused("127.0.0.1", publicPort);                  // 4th from one address
            held.add(served("127.0.0.2", publicPort));
            held.add(served("127.0.0.2", publicPort));               // 5 open: the listener is full
            assertRefused("127.0.0.3", publicPort);                  // a new address, but no room left

            assertThat(get(internalListener.port(), "/actuator/health", null).statusCode()).isEqualTo(200);

            held.remove(0).close();                                  // a slot frees when a connection closes
            held.add(awaitServed("127.0.0.1", publicPort));
        } finally {
            for (RawConnection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void theInternalListenerHasLimitsOfItsOwn() throws Exception {
        try (RawConnection a = served("127.0.0.1", internalListener.port());
                RawConnection b = served("127.0.0.1", internalListener.port())) {
            assertRefused("127.0.0.1", internalListener.port());
            try (RawConnection c = served("127.0.0.2", internalListener.port())) {
                assertRefused("127.0.0.3", internalListener.port());
            }
        }
    }

    /** Answered, and kept open (keep-alive): the server counts it until it closes. */
    private static RawConnection served(String from, int port) throws Exception {
        RawConnection connection = RawConnection.open(from, port);
        assertThat(connection.get("/actuator/health/liveness")).as("from " + from).matches("HTTP/1.1 (200|404).*");
        return connection;
    }

    /** The server releases a closed connection's slot on its own thread: retry until it has. */
    private static RawConnection awaitServed(String from, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RawConnection connection = RawConnection.open(from, port);
            try {
                connection.get("/actuator/health/liveness");
                return connection;
            } catch (java.io.IOException refused) {
                connection.close();
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
                Thread.sleep(20);
            }
        }
    }

    private static void assertRefused(String from, int port) throws Exception {
        try (RawConnection refused = RawConnection.open(from, port)) {
            refused.write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(refused.awaitClosedByServer(Duration.ofSeconds(5))).as("from " + from).isEqualTo("");
        }
    }
}
