package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.vidgate.gateway.edge.EdgeFrames.joinRoom;
import static io.vidgate.gateway.edge.EdgeFrames.rpcSessionIdOf;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public {@code /openvidu} WebSocket, with real clients (java.net.http) against the running gateway and a real
 * WebSocket server standing in for the broker, which records what reaches it.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=edge-websocket-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.first-frame-timeout=1s",
                "vidgate.public.allowed-origins=http://localhost:[*]"})
class OpenViduEdgeWebSocketTest extends AgainstRecordingBroker {

    private static final Map<String, String> LOCAL_ORIGIN = Map.of("Origin", "http://localhost:3000");

    @Autowired
    SigningKeys keys;

    @Autowired
    TokenSettings tokenSettings;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void resetBroker() {
        broker.reset();
    }

    private String wsUrl(String session) {
        return "ws://127.0.0.1:" + port + "/openvidu?sessionId=" + session; // as openvidu-browser 2.32.2 opens it
    }

    private String tokenUrl(String session, String jwt) {
        return OpenViduTokenUrl.build(URI.create("http://127.0.0.1:" + port), session, jwt);
    }

    private String validTokenUrl(String session) {
        return EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER);
    }

    private WsClient joined(String session) throws InterruptedException {
        WsClient client = WsClient.connect(wsUrl(session), LOCAL_ORIGIN);
        String join = joinRoom(1, validTokenUrl(session), session);
        client.send(join);
        assertThat(rpcSessionIdOf(client.next())).as("the broker's answer reaches the client").startsWith("rpc_");
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).isEqualTo(join);
        return client;
    }

    // ------------------------------------------------------------------ good path, piping, close codes

    @Test
    void aValidJoinRoomIsSentUpFirstAndFramesFlowBothWays() throws Exception {
        String session = SessionIds.generate();
        WsClient client = joined(session);
        assertThat(broker.connections.get()).isEqualTo(1);
        assertThat(broker.handshakes.get(0).get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(broker.handshakes.get(0).get("Authorization")).isNull();

        String ping = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":2,\"params\":{\"interval\":5000}}";
        client.send(ping);
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).isEqualTo(ping);
        assertThat(client.next()).isEqualTo("echo:" + ping);

        String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"participantJoined\",\"params\":{\"id\":\"con_x\"}}";
        broker.send(notification);
        assertThat(client.next()).isEqualTo(notification);
        client.socket.sendClose(1000, "bye").join();
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(1000);
    }

    @Test
    void binaryFramesPassBothWaysUnchanged() throws Exception {
        WsClient client = joined(SessionIds.generate());
        byte[] payload = new byte[3000];
        new java.util.Random(7).nextBytes(payload);
        client.socket.sendBinary(java.nio.ByteBuffer.wrap(payload), true).join();
        assertThat(broker.receivedBinary.poll(5, TimeUnit.SECONDS)).isEqualTo(payload);
        assertThat(client.binaries.poll(5, TimeUnit.SECONDS)).isEqualTo(payload);
        client.socket.sendClose(1000, "").join();
    }

    @Test
    void aClientCloseCodeReachesTheBroker() throws Exception {
        WsClient client = joined(SessionIds.generate());
        client.socket.sendClose(4104, "Connection closed for reconnection").join();
        assertThat(broker.closeCodeOf(broker.lastConnection())).isEqualTo(4104);
    }

    @Test
    void aBrokerCloseCodeReachesTheClient() throws Exception {
        WsClient client = joined(SessionIds.generate());
        broker.closeWith(4001, "evicted");
        assertThat(client.closeCode()).isEqualTo(4001);
    }

    @Test
    void aBrokerThatVanishesClosesTheClientWith1012SoOpenViduBrowserReconnects() throws Exception {
        WsClient client = joined(SessionIds.generate());
        broker.die();
        assertThat(client.closeCode()).isEqualTo(1012);
    }

    @Test
    void aTokenInTheHandshakeIsEnoughAndIsHandedToTheBroker() throws Exception {
        String session = SessionIds.generate();
        String token = validTokenUrl(session);
        WsClient client = WsClient.connect(wsUrl(session) + "&access_token="
                + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8), LOCAL_ORIGIN);
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"id\":1,\"params\":{\"session\":\"" + session + "\"}}");
        JsonNode up = json.readTree(broker.received.poll(5, TimeUnit.SECONDS));
        assertThat(up.path("params").path("token").asString()).isEqualTo(token);
        assertThat(rpcSessionIdOf(client.next())).startsWith("rpc_");
        client.socket.sendClose(1000, "").join();
    }

    // ------------------------------------------------------------------ refusals: the broker sees nothing

    private void assertRefused(String firstFrame, int expectedId, int closeCode, EdgeRefusal reason) throws Exception {
        double before = metrics.refusedCount(reason);
        String session = SessionIds.generate();
        WsClient client = WsClient.connect(wsUrl(session), LOCAL_ORIGIN);
        if (firstFrame != null) {
            client.send(firstFrame);
            JsonNode error = json.readTree(client.next());
            assertThat(error.path("jsonrpc").asString()).isEqualTo("2.0");
            if (expectedId >= 0) {
                assertThat(error.path("id").asInt()).isEqualTo(expectedId);
            } else {
                assertThat(error.path("id").isNull()).isTrue();
            }
            assertThat(error.path("error").path("code").isInt()).isTrue();
            assertThat(error.toString()).doesNotContain("eyJ"); // no token echoed
        }
        assertThat(client.closeCode()).isEqualTo(closeCode);
        assertThat(metrics.refusedCount(reason)).isEqualTo(before + 1);
        Thread.sleep(100);
        assertThat(broker.connections.get()).isZero();
        assertThat(broker.received).isEmpty();
    }

    @Test
    void silenceAfterTheHandshakeIsRefused() throws Exception {
        assertRefused(null, -1, 1008, EdgeRefusal.FIRST_FRAME_TIMEOUT);
    }

    /**
     * Regression: openvidu-browser 2.32.2's heartbeat sends {@code ping {interval: 5000}} the moment the socket
     * opens, before joinRoom (jsonrpcclient.js). The edge used to refuse it as "not joinRoom", which refused every
     * real client. It is answered by the edge; the broker sees nothing until the verified joinRoom.
     */
    @Test
    void openViduBrowsersHeartbeatBeforeJoinRoomIsAnsweredByTheEdge() throws Exception {
        String session = SessionIds.generate();
        WsClient client = WsClient.connect(wsUrl(session), LOCAL_ORIGIN);
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":0}");
        JsonNode pong = json.readTree(client.next());
        assertThat(pong.path("id").asInt()).isZero();
        assertThat(pong.path("result").path("value").asString()).isEqualTo("pong");
        assertThat(broker.connections.get()).isZero();

        String join = joinRoom(1, validTokenUrl(session), session);
        client.send(join);
        assertThat(rpcSessionIdOf(client.next())).startsWith("rpc_");
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).as("joinRoom is the broker's first frame").isEqualTo(join);
        client.socket.sendClose(1000, "").join();
    }

    @Test
    void aPingDoesNotExtendTheWaitForJoinRoom() throws Exception {
        double before = metrics.refusedCount(EdgeRefusal.FIRST_FRAME_TIMEOUT);
        WsClient client = WsClient.connect(wsUrl(SessionIds.generate()), LOCAL_ORIGIN);
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":0}");
        assertThat(json.readTree(client.next()).path("result").path("value").asString()).isEqualTo("pong");
        assertThat(client.closeCode()).isEqualTo(1008); // first-frame-timeout (1 s here) still applies
        assertThat(metrics.refusedCount(EdgeRefusal.FIRST_FRAME_TIMEOUT)).isEqualTo(before + 1);
        assertThat(broker.connections.get()).isZero();
    }

    @Test
    void onlyAFewPingsAreAnsweredBeforeJoinRoom() throws Exception {
        double before = metrics.refusedCount(EdgeRefusal.NOT_JOIN_ROOM);
        WsClient client = WsClient.connect(wsUrl(SessionIds.generate()), LOCAL_ORIGIN);
        for (int i = 0; i < OpenViduEdgeProxy.MAX_PINGS_BEFORE_JOIN; i++) {
            client.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + i + "}");
            assertThat(json.readTree(client.next()).path("result").path("value").asString()).isEqualTo("pong");
        }
        client.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":9}");
        assertThat(json.readTree(client.next()).path("error").path("code").asInt()).isEqualTo(-32600);
        assertThat(client.closeCode()).isEqualTo(1008);
        assertThat(metrics.refusedCount(EdgeRefusal.NOT_JOIN_ROOM)).isEqualTo(before + 1);
        assertThat(broker.connections.get()).isZero();
    }

    @Test
    void aFirstFrameOtherThanJoinRoomIsRefused() throws Exception {
        assertRefused("{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"id\":7,\"params\":{}}", 7, 1008,
                EdgeRefusal.NOT_JOIN_ROOM);
        // kurento-jsonrpc's connect without reconnect: openvidu-browser never sends it (a resume is tested apart)
        assertRefused("{\"jsonrpc\":\"2.0\",\"method\":\"connect\",\"id\":3,\"params\":{\"sessionId\":\"x\"}}",
                3, 1008, EdgeRefusal.NOT_JOIN_ROOM);
        assertRefused("not json", -1, 1008, EdgeRefusal.NOT_JOIN_ROOM);
    }

    @Test
    void badExpiredOrForeignTokensAreRefused() throws Exception {
        String session = SessionIds.generate();
        ConnectionTokenIssuer pastIssuer = new ConnectionTokenIssuer(keys, tokenSettings,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        ConnectionTokenIssuer strangerIssuer = new ConnectionTokenIssuer(SigningKeys.generate(), tokenSettings,
                Clock.systemUTC());
        String expired = tokenUrl(session, pastIssuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)).jwt());
        String stranger = tokenUrl(session, strangerIssuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)).jwt());
        String other = SessionIds.generate();
        String otherSessionJwt = issuer.issue(ConnectionGrant.of(other, ConnectionIds.generate(), Role.PUBLISHER)).jwt();

        assertRefused(joinRoom(11, "garbage", session), 11, 1008, EdgeRefusal.BAD_TOKEN);
        assertRefused(joinRoom(12, expired, session), 12, 1008, EdgeRefusal.BAD_TOKEN);
        assertRefused(joinRoom(13, stranger, session), 13, 1008, EdgeRefusal.BAD_TOKEN);
        // a genuine token for another session, presented in a URL naming this one, and with the session parameter
        assertRefused(joinRoom(14, tokenUrl(session, otherSessionJwt), session), 14, 1008, EdgeRefusal.BAD_TOKEN);
        assertRefused(joinRoom(15, tokenUrl(other, otherSessionJwt), session), 15, 1008, EdgeRefusal.BAD_TOKEN);
        // OpenVidu's secret backdoor
        assertRefused(joinRoom(16, validTokenUrl(session) + "&secret=MY_SECRET", session), 16, 1008, EdgeRefusal.BAD_TOKEN);
        // no token at all
        assertRefused("{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"id\":17,\"params\":{\"session\":\"" + session + "\"}}",
                17, 1008, EdgeRefusal.BAD_TOKEN);
    }

    @Test
    void anOversizedFirstFrameIsRefused() throws Exception {
        String session = SessionIds.generate();
        String join = joinRoom(21, validTokenUrl(session), session).replace("\"metadata\":\"{}\"",
                "\"metadata\":\"" + "x".repeat(20_000) + "\"");
        assertRefused(join, -1, 1009, EdgeRefusal.FIRST_FRAME_TOO_LARGE);
    }

    @Test
    void aForeignOriginIsRefusedAtTheHandshake() {
        double before = metrics.refusedCount(EdgeRefusal.BAD_ORIGIN);
        assertThatThrownBy(() -> WsClient.connect(wsUrl(SessionIds.generate()), Map.of("Origin", "https://evil.example")))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(metrics.refusedCount(EdgeRefusal.BAD_ORIGIN)).isEqualTo(before + 1);
        assertThat(broker.connections.get()).isZero();
    }
}
