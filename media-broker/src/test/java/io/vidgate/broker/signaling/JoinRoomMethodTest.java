package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionEvents;
import io.vidgate.broker.session.SessionLimits;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionTokenClaims;
import io.vidgate.protocol.token.TokenOrigin;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.TokenRejection;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** joinRoom against a real registry, with a stand-in for the token check (the JWT verifier is tested in protocol/). */
class JoinRoomMethodTest {

    private final SessionRegistry registry = new SessionRegistry(new SessionLimits(10, 10), Clock.systemUTC(),
            SessionEvents.NONE);
    private final JsonMapper json = JsonMapper.builder().build();
    private final String sessionId = registry.createSession(SessionProperties.DEFAULT).id();

    private String pending(Role role) {
        String id = ConnectionIds.generate();
        registry.addPendingConnection(sessionId, id, "token-of-" + id, ConnectionProperties.webRtc(role, "server"));
        return id;
    }

    /** Accepts "good:<connectionId>", rejects anything else. */
    private final JoinRoomMethod method = new JoinRoomMethod((token, session) -> {
        if (!token.startsWith("good:")) {
            throw new TokenRejectedException(TokenRejection.MALFORMED, "not a token");
        }
        Instant now = Instant.now();
        return new VerifiedConnectionToken(new ConnectionTokenClaims("vidgate", List.of("vidgate"),
                token.substring(5), sessionId, Role.PUBLISHER, "server", now, now, now.plusSeconds(60), "jti-1", false),
                "kid", TokenOrigin.GATEWAY);
    }, registry, new ParticipantDirectory(new OpenViduSignalingHandler(JsonMapper.builder().build(), Clock.systemUTC())));

    private JsonNode join(SocketSession socket, String params) {
        RpcRequest request = RpcRequest.parse("{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"id\":1,\"params\":" + params
                + "}", json);
        return method.call(socket, request).block();
    }

    @Test
    void joinsAndSeesTheOthersWithTheirStreams() {
        String alice = pending(Role.PUBLISHER);
        SocketSession aliceSocket = new SocketSession("s1", 0);
        List<String> aliceFrames = new java.util.concurrent.CopyOnWriteArrayList<>();
        aliceSocket.outbound().asFlux().subscribe(aliceFrames::add);
        join(aliceSocket, "{\"token\":\"good:" + alice + "\",\"session\":\"" + sessionId
                + "\",\"metadata\":\"{\\\"name\\\":\\\"alice\\\"}\",\"platform\":\"Chrome\"}");
        registry.addPublisher(sessionId, alice, "str_CAM_abcd_" + alice,
                new MediaOptions(true, true, true, false, "CAMERA", 30, "{\"width\":640,\"height\":480}"));

        String bob = pending(Role.SUBSCRIBER);
        SocketSession bobSocket = new SocketSession("s2", 0);
        JsonNode answer = join(bobSocket, "{\"token\":\"good:" + bob + "\",\"session\":\"" + sessionId + "\"}");

        assertThat(answer.get("id").stringValue()).isEqualTo(bob);
        assertThat(answer.get("session").stringValue()).isEqualTo(sessionId);
        assertThat(answer.get("role").stringValue()).isEqualTo("SUBSCRIBER");
        assertThat(answer.get("mediaServer").stringValue()).isEqualTo("kurento");
        assertThat(answer.get("version").stringValue()).startsWith("2.32.");
        assertThat(answer.get("value")).hasSize(1);
        JsonNode other = answer.get("value").get(0);
        assertThat(other.get("id").stringValue()).isEqualTo(alice);
        assertThat(other.get("metadata").stringValue()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(other.get("streams").get(0).get("videoActive").booleanValue()).isFalse();
        assertThat(other.get("streams").get(0).get("videoDimensions").stringValue()).contains("640");
        assertThat(bobSocket.participant().role()).isEqualTo(Role.SUBSCRIBER);
        assertThat(aliceFrames).hasSize(1);
        JsonNode announced = json.readTree(aliceFrames.get(0));
        assertThat(announced.get("method").stringValue()).isEqualTo("participantJoined");
        assertThat(announced.get("params").get("id").stringValue()).isEqualTo(bob);
        assertThat(registry.connection(sessionId, bob).orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void refusesTheSecretBadTokensAndASecondJoin() {
        String alice = pending(Role.PUBLISHER);
        SocketSession socket = new SocketSession("s1", 0);
        assertRefused(() -> join(socket, "{\"token\":\"good:" + alice + "\",\"secret\":\"MY_SECRET\"}"), 401);
        assertRefused(() -> join(socket, "{\"token\":\"forged\"}"), 401);
        assertRefused(() -> join(socket, "{}"), RpcException.INVALID_PARAMS);
        assertThat(socket.participant()).isNull();
        assertThat(registry.connection(sessionId, alice).orElseThrow().status()).isEqualTo(ConnectionStatus.PENDING);

        join(socket, "{\"token\":\"good:" + alice + "\"}");
        assertRefused(() -> join(socket, "{\"token\":\"good:" + alice + "\"}"), 401);
        // The same token on another socket: the connection is active already (single use).
        assertRefused(() -> join(new SocketSession("s2", 0), "{\"token\":\"good:" + alice + "\"}"), 401);
    }

    private static void assertRefused(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(code));
    }
}
