package io.vidgate.gateway.listeners;

import static io.vidgate.gateway.RealHttp.basic;
import static io.vidgate.gateway.RealHttp.rawStatusLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.vidgate.gateway.WsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Forwarded headers come from the client unless a trusted proxy wrote them: they must never decide which listener a
 * request arrived on, nor whose handshake budget it spends. Run with the settings that make Reactor Netty honour them
 * ({@link OnKubernetesTest}, {@link NativeStrategyTest}): Spring Boot switches its forwarded-header handler on by
 * itself in every Kubernetes pod, and operators behind a TLS load balancer set {@code server.forward-headers-strategy}.
 */
abstract class ForwardedHeadersTest {

    static final String SECRET = "forwarded-test-secret";

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    @Test
    void headersNamingTheInternalPortDoNotOpenTheAdminSurfaceOnThePublicListener() throws Exception {
        int internal = internalListener.port();
        String[][] disguises = {
                {"X-Forwarded-Port: " + internal},
                {"X-Forwarded-Host: 127.0.0.1:" + internal},
                {"Forwarded: host=127.0.0.1:" + internal},
                {"X-Forwarded-Host: 127.0.0.1", "X-Forwarded-Port: " + internal, "X-Forwarded-Proto: http"},
        };
        for (String[] disguise : disguises) {
            for (String path : new String[] {"/openvidu/api/config", "/openvidu/api/sessions", "/actuator/health",
                    "/actuator/prometheus", "/turn-rest-api"}) {
                String[] headers = new String[disguise.length + 2];
                headers[0] = "Host: 127.0.0.1:" + publicPort;
                headers[1] = "Authorization: " + basic("OPENVIDUAPP", SECRET);
                System.arraycopy(disguise, 0, headers, 2, disguise.length);
                assertThat(rawStatusLine(publicPort, "GET " + path + " HTTP/1.1", headers))
                        .as(path + " with " + String.join(", ", disguise)).startsWith("HTTP/1.1 404");
            }
        }
    }

    @Test
    void theHandshakeBudgetIsTheTcpPeersWhateverForwardedForSays() {
        // vidgate.edge.handshakes-per-ip-per-minute=3: one client inventing a new address per handshake still gets 3.
        String uri = "ws://127.0.0.1:" + publicPort + "/openvidu";
        assertThat(handshakeStatus(uri, Map.of("X-Forwarded-For", "198.51.100.1"))).isEqualTo(101);
        assertThat(handshakeStatus(uri, Map.of("X-Forwarded-For", "198.51.100.2"))).isEqualTo(101);
        assertThat(handshakeStatus(uri, Map.of("Forwarded", "for=198.51.100.3"))).isEqualTo(101);
        assertThat(handshakeStatus(uri, Map.of("X-Forwarded-For", "198.51.100.4"))).isEqualTo(429);
        assertThat(handshakeStatus(uri, Map.of("Forwarded", "for=198.51.100.5"))).isEqualTo(429);
    }

    static int handshakeStatus(String uri, Map<String, String> headers) {
        try {
            WsClient.connect(uri, headers).socket.abort();
            return 101;
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }
}
