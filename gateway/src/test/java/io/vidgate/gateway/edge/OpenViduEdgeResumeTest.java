package io.vidgate.gateway.edge;

import static io.vidgate.gateway.edge.EdgeFrames.joinRoom;
import static io.vidgate.gateway.edge.EdgeFrames.parse;
import static io.vidgate.gateway.edge.EdgeFrames.resume;
import static io.vidgate.gateway.edge.EdgeFrames.rpcSessionIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * openvidu-browser's reconnection through the edge: after its socket dropped, it opens
 * {@code /openvidu?sessionId=S&reconnect=true} and sends {@code connect {sessionId: <rpcSessionId>, reconnect: true}}
 * with no token. Real clients, the running gateway, and a broker stand-in that answers joinRoom with an rpcSessionId.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=edge-resume-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.edge.resume-window=2s"})
class OpenViduEdgeResumeTest extends AgainstRecordingBroker {

    private String session;

    @BeforeEach
    void reset() {
        broker.reset();
        broker.refuseJoinsAndResumes = false;
        session = SessionIds.generate();
    }

    @AfterEach
    void stopRefusing() {
        broker.refuseJoinsAndResumes = false;
    }

    private WsClient socket(boolean reconnect) {
        return WsClient.connect("ws://127.0.0.1:" + port + "/openvidu?sessionId=" + session
                + (reconnect ? "&reconnect=true" : ""), Map.of());
    }

    /** Joins, then the network drops the socket (no close frame); returns the rpcSessionId the client kept. */
    private String joinedThenDropped() throws Exception {
        WsClient client = socket(false);
        client.send(joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER), session));
        String rpcSessionId = rpcSessionIdOf(client.next());
        int connection = broker.lastConnection();
        client.socket.abort();
        broker.closeCodeOf(connection); // the gateway has seen the drop and closed the broker side
        broker.reset();
        return rpcSessionId;
    }

    private void assertResumeRefused(String rpcSessionId) throws Exception {
        double before = metrics.refusedCount(EdgeRefusal.UNKNOWN_RESUME);
        WsClient client = socket(true);
        client.send(resume(9, rpcSessionId));
        // what openvidu-browser matches to report networkDisconnect and close for good (OpenVidu.js, 2.32.2)
        JsonNode error = parse(client.next());
        assertThat(error.path("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(error.path("id").asInt()).isEqualTo(9);
        assertThat(error.path("error").path("code").asInt()).isEqualTo(40007);
        assertThat(error.path("error").path("message").asString()).isEqualTo("reconnection error");
        assertThat(client.closeCode()).isEqualTo(1008);
        assertThat(metrics.refusedCount(EdgeRefusal.UNKNOWN_RESUME)).isEqualTo(before + 1);
        Thread.sleep(100);
        assertThat(broker.connections.get()).as("the broker sees nothing").isZero();
        assertThat(broker.received).isEmpty();
    }

    @Test
    void aDroppedClientResumesWithItsRpcSessionIdUnchangedAndCanDoSoAgainAfterTheNextDrop() throws Exception {
        String rpcSessionId = joinedThenDropped();
        double resumed = metrics.resumedCount();

        WsClient again = socket(true);
        String connect = resume(7, rpcSessionId);
        again.send(connect);
        assertThat(broker.received.poll(5, TimeUnit.SECONDS)).as("piped byte for byte").isEqualTo(connect);
        assertThat(broker.handshakes.get(0).get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        JsonNode answer = parse(again.next());
        assertThat(answer.path("id").asInt()).isEqualTo(7);
        assertThat(answer.path("result").path("sessionId").asString()).isEqualTo(rpcSessionId);
        assertThat(metrics.resumedCount()).isEqualTo(resumed + 1);
        String ping = "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":8}";
        again.send(ping);
        assertThat(again.next()).isEqualTo("echo:" + ping);

        int connection = broker.lastConnection();
        again.socket.abort();
        broker.closeCodeOf(connection);
        WsClient third = socket(true);
        third.send(resume(10, rpcSessionId));
        assertThat(parse(third.next()).path("result").path("sessionId").asString())
                .as("the resumed socket's close makes the id resumable again").isEqualTo(rpcSessionId);
        third.socket.sendClose(1000, "").join();
    }

    @Test
    void anUnknownRpcSessionIdIsRefusedAndTheBrokerSeesNothing() throws Exception {
        assertResumeRefused("rpc_AAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void aResumeAfterTheWindowIsRefused() throws Exception {
        String rpcSessionId = joinedThenDropped();
        Thread.sleep(2_500); // vidgate.edge.resume-window=2s, counted from the drop
        assertResumeRefused(rpcSessionId);
    }

    @Test
    void aResumeTheBrokerRefusedLeavesNothingToResume() throws Exception {
        String rpcSessionId = joinedThenDropped();
        broker.refuseJoinsAndResumes = true; // the broker evicted the connection meanwhile
        WsClient refused = socket(true);
        refused.send(resume(7, rpcSessionId));
        assertThat(parse(refused.next()).path("error").path("code").asInt()).isEqualTo(40007);
        refused.socket.sendClose(4101, "Reconnection fault").join(); // what openvidu-browser does next
        broker.closeCodeOf(broker.lastConnection());
        broker.reset();
        broker.refuseJoinsAndResumes = false;
        assertResumeRefused(rpcSessionId);
    }

    @Test
    void aJoinRoomTheBrokerRefusedGivesNothingToResume() throws Exception {
        broker.refuseJoinsAndResumes = true;
        WsClient client = socket(false);
        client.send(joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER), session));
        assertThat(parse(client.next()).has("error")).isTrue();
        client.socket.abort();
        broker.closeCodeOf(broker.lastConnection());
        broker.reset();
        broker.refuseJoinsAndResumes = false;
        // the broker's refusal carries no sessionId; a guess at it is refused like any unknown id
        assertResumeRefused("rpc_AAAAAAAAAAAAAAAAAAAAAA");
    }

    @Test
    void anIdWhoseSocketIsStillOpenResumesOnANewSocketAndTheBrokerDecides() throws Exception {
        WsClient old = socket(false);
        old.send(joinRoom(1, EdgeFrames.tokenUrl(issuer, port, session, Role.PUBLISHER), session));
        String rpcSessionId = rpcSessionIdOf(old.next());
        // A half-dead connection: the client gave up on it, the gateway has not noticed yet.
        WsClient fresh = socket(true);
        String connect = resume(2, rpcSessionId);
        fresh.send(connect);
        assertThat(parse(fresh.next()).path("result").path("sessionId").asString()).isEqualTo(rpcSessionId);
        assertThat(broker.connections.get()).as("a second broker socket; the broker replaces the old one").isEqualTo(2);
        assertThat(broker.received).contains(connect);
        old.socket.abort();
        fresh.socket.sendClose(1000, "").join();
    }
}
