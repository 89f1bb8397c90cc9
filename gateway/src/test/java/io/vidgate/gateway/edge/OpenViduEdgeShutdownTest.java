package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutting the gateway down (its own application, closed for real, graceful shutdown on as in production):
 * piped sockets are closed with 1001 on both sides, promptly, and the gateway's graceful shutdown is not held
 * up by them.
 */
class OpenViduEdgeShutdownTest {

    @Test
    void closingTheGatewayClosesPipedSocketsWith1001WithoutHoldingTheShutdown() throws Exception {
        try (RecordingBroker broker = new RecordingBroker()) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(VidgateGatewayApplication.class).run(
                    "--vidgate.public.port=0", "--vidgate.internal.port=0", "--vidgate.secret=edge-shutdown-secret",
                    "--vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "--vidgate.broker.url=" + broker.url(),
                    "--vidgate.public.allowed-origins=http://localhost:[*]");
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ConnectionTokenIssuer issuer = context.getBean(ConnectionTokenIssuer.class);
            String session = SessionIds.generate();
            WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/openvidu?sessionId=" + session,
                    Map.of("Origin", "http://localhost:5173"));
            client.send(EdgeFrames.joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER), session));
            assertThat(EdgeFrames.rpcSessionIdOf(client.next())).startsWith("rpc_");
            OpenViduEdgeProxy proxy = context.getBean(OpenViduEdgeProxy.class);

            long start = System.nanoTime();
            Thread closer = new Thread(context::close);
            closer.start();
            assertThat(client.closeCode()).isEqualTo(1001);
            assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1001);
            closer.join(30_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("open sockets do not hold the shutdown")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(proxy.openSessions()).isZero();
            try {
                WsClient.connect("ws://127.0.0.1:" + port + "/openvidu", Map.of()).socket.abort();
                throw new AssertionError("the gateway still accepts sockets after shutdown");
            } catch (CompletionException expected) {
                assertThat(expected.getCause()).isNotInstanceOf(WebSocketHandshakeException.class); // port closed
            }
        }
    }
}
