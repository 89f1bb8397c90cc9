package io.vidgate.gateway.listeners;

import static io.vidgate.gateway.listeners.ForwardedHeadersTest.handshakeStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vidgate.gateway.RawConnection;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code vidgate.public.trusted-proxies} naming the load balancer (here 127.0.0.1), each client behind it has
 * a handshake budget of its own, and the balancer's many connections are not one client's.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=trusted-proxy-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.handshakes-per-ip-per-minute=2",
                "vidgate.public.trusted-proxies=127.0.0.1", "vidgate.public.max-connections-per-ip=2"})
class TrustedProxyTest {

    @LocalServerPort
    int publicPort;

    @Test
    void eachClientBehindATrustedProxyHasItsOwnHandshakeBudget() {
        String uri = "ws://127.0.0.1:" + publicPort + "/openvidu";
        Map<String, String> alice = Map.of("X-Forwarded-For", "198.51.100.1");
        Map<String, String> bob = Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.2");
        assertThat(handshakeStatus(uri, alice)).isEqualTo(101);
        assertThat(handshakeStatus(uri, alice)).isEqualTo(101);
        assertThat(handshakeStatus(uri, alice)).isEqualTo(429);
        assertThat(handshakeStatus(uri, bob)).isEqualTo(101);
        assertThat(handshakeStatus(uri, Map.of("X-Forwarded-For", "6.6.6.6, 198.51.100.2"))).isEqualTo(101);
        assertThat(handshakeStatus(uri, bob)).as("bob's own first entry does not make him someone else").isEqualTo(429);
    }

    @Test
    void aTrustedProxyIsNotHeldToThePerIpConnectionLimit() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                RawConnection connection = RawConnection.open("127.0.0.1", publicPort);
                held.add(connection);
                assertThat(connection.get("/no/such/path")).startsWith("HTTP/1.1 404");
            }
        } finally {
            for (RawConnection connection : held) {
                connection.close();
            }
        }
    }
}
