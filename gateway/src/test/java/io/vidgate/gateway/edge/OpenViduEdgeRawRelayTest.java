package io.vidgate.gateway.edge;

import static io.vidgate.gateway.edge.EdgeFrames.joinRoom;
import static io.vidgate.gateway.edge.EdgeFrames.rpcSessionIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.WsClient;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Once a socket is piped and both sides have sent a frame, the edge forwards bytes without decoding them
 * ({@link FrameRelay}, raw). What a client relies on must not change there: whole messages of any size up to the
 * limit, close codes both ways, 1009 for a message over the limit (which never reaches the broker), and the broker
 * told when the client vanishes.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=edge-raw-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.signaling.max-message-bytes=65536",
                "vidgate.public.allowed-origins=http://localhost:[*]"})
class OpenViduEdgeRawRelayTest extends AgainstRecordingBroker {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":2,\"params\":{\"interval\":5000}}";

    @BeforeEach
    void resetBroker() {
        broker.reset();
    }

    /** Joined, and a round trip made after the join: both directions of the pipe now relay raw bytes. */
    private WsClient relayingRaw() throws InterruptedException {
        String session = SessionIds.generate();
        WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/openvidu?sessionId=" + session,
                Map.of("Origin", "http://localhost:3000"));
        String join = joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER), session);
        client.send(join);
        assertThat(rpcSessionIdOf(client.next())).startsWith("rpc_");
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).isEqualTo(join);
        client.send(PING);
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).isEqualTo(PING);
        assertThat(client.next()).isEqualTo("echo:" + PING);
        return client;
    }

    @Test
    void messagesOfManyTcpReadsArriveWholeBothWaysAndTheStreamStaysInStep() throws Exception {
        WsClient client = relayingRaw();
        String big = "{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"id\":3,\"params\":{\"sdpOffer\":\""
                + "v=0 ".repeat(15_000) + "\"}}"; // about 60 KB: many TCP segments, headers with a 16-bit length
        client.send(big);
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).isEqualTo(big);
        assertThat(client.next()).isEqualTo("echo:" + big);

        byte[] payload = new byte[40_000];
        new Random(11).nextBytes(payload);
        client.socket.sendBinary(ByteBuffer.wrap(payload), true).join();
        assertThat(broker.receivedBinary.poll(5, TimeUnit.SECONDS)).isEqualTo(payload);
        assertThat(client.binaries.poll(5, TimeUnit.SECONDS)).isEqualTo(payload);

        for (int i = 0; i < 50; i++) { // small frames after large ones: every header was found where it starts
            client.send(PING.replace("\"id\":2", "\"id\":" + (10 + i)));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(client.next()).contains("\"id\":" + (10 + i));
        }
        client.socket.sendClose(1000, "").join();
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009AndNoneOfItIsDelivered() throws Exception {
        WsClient client = relayingRaw();
        String part = "x".repeat(30_000);
        client.socket.sendText(part, false).join();
        client.socket.sendText(part, false).join();
        client.socket.sendText(part, true); // the third fragment takes the message to 90,000 bytes
        assertThat(client.closeCode()).isEqualTo(1009);
        assertThat(client.closeReason).isEqualTo("Message over vidgate.signaling.max-message-bytes (65536 bytes)");
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1001);
        assertThat(broker.received).isEmpty();
    }

    @Test
    void aSingleFrameOverTheLimitClosesWith1009AndNeverReachesTheBroker() throws Exception {
        WsClient client = relayingRaw();
        client.send("y".repeat(70_000));
        assertThat(client.closeCode()).isEqualTo(1009);
        assertThat(client.closeReason).isEqualTo("Message over vidgate.signaling.max-message-bytes (65536 bytes)");
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1001);
        assertThat(broker.received).isEmpty();
    }

    @Test
    void closeCodesPassThroughUntouchedBothWays() throws Exception {
        WsClient leaving = relayingRaw();
        leaving.socket.sendClose(4104, "Connection closed for reconnection").join();
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(4104);
        assertThat(leaving.closeCode()).as("the broker's answer to the close comes back").isEqualTo(4104);

        WsClient evicted = relayingRaw();
        broker.closeWith(4001, "evicted");
        assertThat(evicted.closeCode()).isEqualTo(4001);
        assertThat(evicted.closeReason).isEqualTo("evicted");
    }

    @Test
    void aClientThatVanishesIsReportedToTheBrokerAsGoingAway() throws Exception {
        WsClient client = relayingRaw();
        client.socket.abort(); // TCP closed, no close frame
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1001);
    }

    @Test
    void aBrokerThatVanishesClosesTheClientWith1012() throws Exception {
        WsClient client = relayingRaw();
        broker.die();
        assertThat(client.closeCode()).isEqualTo(1012);
    }
}
