package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With the default configuration: a valid joinRoom while the broker is down; plain HTTP on /openvidu; tokens never
 * reach the logs; no browser origin is allowed until configured.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=edge-broker-down-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "logging.level.io.vidgate=DEBUG"})
class OpenViduEdgeBrokerDownTest {

    @DynamicPropertySource
    static void deadBroker(DynamicPropertyRegistry registry) throws IOException {
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort(); // nothing listens there once closed
        }
        registry.add("vidgate.broker.url", () -> "http://127.0.0.1:" + free);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionTokenIssuer issuer;

    @Autowired
    EdgeMetrics metrics;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aValidJoinRoomWhileTheBrokerIsDownGetsAnErrorAnd1013AndNoTokenIsLogged(CapturedOutput output) throws Exception {
        double before = metrics.refusedCount(EdgeRefusal.BROKER_UNAVAILABLE);
        String session = SessionIds.generate();
        String jwt = issuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)).jwt();
        String token = OpenViduTokenUrl.build(URI.create("http://127.0.0.1:" + port), session, jwt);
        WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/openvidu?sessionId=" + session, Map.of());
        client.send(EdgeFrames.joinRoom(5, token, session));
        JsonNode error = json.readTree(client.next());
        assertThat(error.path("id").asInt()).isEqualTo(5);
        assertThat(error.path("error").path("code").asInt()).isEqualTo(503);
        assertThat(client.closeCode()).isEqualTo(1013);
        assertThat(metrics.refusedCount(EdgeRefusal.BROKER_UNAVAILABLE)).isEqualTo(before + 1);

        // a refused token is logged with its reason, never with the token
        String other = SessionIds.generate();
        WsClient refused = WsClient.connect("ws://127.0.0.1:" + port + "/openvidu", Map.of());
        refused.send(EdgeFrames.joinRoom(6, token, other));
        assertThat(refused.closeCode()).isEqualTo(1008);
        assertThat(output).contains("joinRoom token refused").doesNotContain(jwt.substring(jwt.indexOf('.') + 1));
        assertThat(output).doesNotContain(jwt.substring(0, jwt.indexOf('.')) + "." + jwt.substring(jwt.indexOf('.') + 1, jwt.indexOf('.') + 20));
    }

    @Test
    void noBrowserOriginMayOpenTheSocketUntilAllowedOriginsAreConfigured() {
        double before = metrics.refusedCount(EdgeRefusal.BAD_ORIGIN);
        assertThatThrownBy(() -> WsClient.connect("ws://127.0.0.1:" + port + "/openvidu",
                Map.of("Origin", "http://localhost:3000")))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(metrics.refusedCount(EdgeRefusal.BAD_ORIGIN)).isEqualTo(before + 1);
    }

    @Test
    void aPlainGetOnOpenviduIsABadRequestAndFreesItsSlot() throws Exception {
        // Sockets of the other test may still be closing: wait until none is open, then count.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (metrics.openConnections() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metrics.openConnections()).isZero();
        assertThat(RealHttp.get(port, "/openvidu", null).statusCode()).isEqualTo(400);
        // The slot is released when the exchange completes, which may be just after the client read the response.
        while (metrics.openConnections() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(metrics.openConnections()).isZero();
    }
}
