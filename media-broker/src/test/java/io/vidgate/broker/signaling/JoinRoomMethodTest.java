package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vidgate.boot.turn.TurnCredentials;
import io.vidgate.broker.room.EmulatedRooms;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import io.vidgate.protocol.token.ConnectionTokenClaims;
import io.vidgate.protocol.token.InMemoryTokenReplayGuard;
import io.vidgate.protocol.token.TokenOrigin;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.TokenRejection;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * joinRoom against real rooms (on the kurento-emulator, for a participant that publishes), with a stand-in for the
 * token check (the JWT verifier is tested in protocol/).
 */
class JoinRoomMethodTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private KurentoEmulator kms;
    private EmulatedRooms emulated;
    private Rooms rooms;
    private Room room;
    private String sessionId;
    private JoinRoomMethod method;

    @BeforeEach
    void start() throws Exception {
        emulated = EmulatedRooms.start();
        kms = emulated.kms;
        rooms = emulated.rooms;
        room = rooms.create(SessionProperties.DEFAULT);
        sessionId = room.id();
        method = joinRoom(new InMemoryTokenReplayGuard(Clock.systemUTC(), Duration.ZERO));
    }

    @AfterEach
    void stop() {
        emulated.close();
    }

    private String pending(Role role) {
        String id = ConnectionIds.generate();
        room.addPending(id, "token-of-" + id, ConnectionProperties.webRtc(role, "server"));
        return id;
    }

    /** A participant that stays, so that the session outlives the others leaving (the last one out closes it). */
    private void someoneStays() {
        String id = pending(Role.SUBSCRIBER);
        room.join(id, new ActivationDetails(null, null, null, null), new RecordingLink(), "rpc-" + id);
    }

    private final TurnCredentials turn = new TurnCredentials(Optional.of(new TurnCredentialIssuer(new TurnSettings(
            Duration.ofMinutes(10), List.of("coturn-static-auth-secret"),
            List.of("turn:198.51.100.7:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp")))),
            Clock.systemUTC());

    /**
     * Accepts "good:<connectionId>", "once:<connectionId>" (a single-use token) and "backend:<connectionId>" (minted
     * by a backend with an API key), rejects anything else.
     */
    private final JoinRoomMethod.TokenCheck tokenCheck = (token, session) -> {
        String kind = token.contains(":") ? token.substring(0, token.indexOf(':')) : "";
        if (!List.of("good", "once", "backend").contains(kind)) {
            throw new TokenRejectedException(TokenRejection.MALFORMED, "not a token");
        }
        Instant now = Instant.now();
        return new VerifiedConnectionToken(new ConnectionTokenClaims("vidgate", List.of("vidgate"),
                token.substring(kind.length() + 1), sessionId, Role.PUBLISHER, "server", now, now, now.plusSeconds(60),
                "jti-" + token, kind.equals("once")), "kid", kind.equals("backend") ? TokenOrigin.BACKEND : TokenOrigin.GATEWAY);
    };

    private JoinRoomMethod joinRoom(InMemoryTokenReplayGuard replays) {
        return new JoinRoomMethod(tokenCheck, replays, turn, rooms,
                new OpenViduSignalingHandler(JsonMapper.builder().build(), Clock.systemUTC()));
    }

    private JsonNode join(SocketSession socket, String params) {
        return join(method, socket, params);
    }

    private JsonNode join(JoinRoomMethod joinRoom, SocketSession socket, String params) {
        RpcRequest request = RpcRequest.parse("{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"id\":1,\"params\":" + params
                + "}", json);
        return joinRoom.call(socket, request).block();
    }

    @Test
    void joinsAndSeesTheOthersWithTheirStreams() throws Exception {
        String alice = pending(Role.PUBLISHER);
        SocketSession aliceSocket = new SocketSession("s1", null, 0);
        List<String> aliceFrames = new java.util.concurrent.CopyOnWriteArrayList<>();
        aliceSocket.outbound().asFlux().subscribe(aliceFrames::add);
        join(aliceSocket, "{\"token\":\"good:" + alice + "\",\"session\":\"" + sessionId
                + "\",\"metadata\":\"{\\\"name\\\":\\\"alice\\\"}\",\"platform\":\"Chrome\"}");
        room.publish(alice, StreamType.CAMERA,
                new MediaOptions(true, true, true, false, "CAMERA", 30, "{\"width\":640,\"height\":480}"),
                BrowserSdp.offer("sendonly")).get(5, TimeUnit.SECONDS);

        String bob = pending(Role.SUBSCRIBER);
        SocketSession bobSocket = new SocketSession("s2", null, 0);
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
        List<String> notices = aliceFrames.stream().filter(frame -> !frame.contains("\"iceCandidate\"")).toList();
        assertThat(notices).as("participantJoined only (besides her endpoint's candidates)").hasSize(1);
        JsonNode announced = json.readTree(notices.get(0));
        assertThat(announced.get("method").stringValue()).isEqualTo("participantJoined");
        assertThat(announced.get("params").get("id").stringValue()).isEqualTo(bob);
        assertThat(room.connection(bob).orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void aParticipantWhoPublishesNothingHasNoStreamsField() {
        String alice = pending(Role.PUBLISHER);
        join(new SocketSession("s1", null, 0), "{\"token\":\"good:" + alice + "\"}");

        JsonNode answer = join(new SocketSession("s2", null, 0), "{\"token\":\"good:" + pending(Role.PUBLISHER) + "\"}");

        // openvidu-browser 2.32.2 reads any "streams" field, even [], as one stream and throws.
        JsonNode other = answer.get("value").get(0);
        assertThat(other.get("id").stringValue()).isEqualTo(alice);
        assertThat(other.has("streams")).as(other.toString()).isFalse();
    }

    @Test
    void refusesTheSecretBadTokensAndASecondJoin() {
        String alice = pending(Role.PUBLISHER);
        SocketSession socket = new SocketSession("s1", null, 0);
        assertRefused(() -> join(socket, "{\"token\":\"good:" + alice + "\",\"secret\":\"MY_SECRET\"}"), 401);
        assertRefused(() -> join(socket, "{\"token\":\"forged\"}"), 401);
        assertRefused(() -> join(socket, "{}"), RpcException.INVALID_PARAMS);
        assertThat(socket.participant()).isNull();
        assertThat(room.connection(alice).orElseThrow().status()).isEqualTo(ConnectionStatus.PENDING);

        join(socket, "{\"token\":\"good:" + alice + "\"}");
        assertRefused(() -> join(socket, "{\"token\":\"good:" + alice + "\"}"), 401);
        // The same token on another socket: the connection is active already (single use).
        assertRefused(() -> join(new SocketSession("s2", null, 0), "{\"token\":\"good:" + alice + "\"}"), 401);
    }

    @Test
    void answersFreshTurnCredentialsInBothShapesAndAnUnguessableRpcSessionId() {
        String alice = pending(Role.PUBLISHER);
        JsonNode answer = join(new SocketSession("s1", "203.0.113.9", 0), "{\"token\":\"good:" + alice + "\"}");

        JsonNode ice = answer.get("customIceServers");
        assertThat(ice).hasSize(2); // one entry per URI: openvidu-browser reads a single 'url'
        assertThat(ice.get(0).get("url").stringValue()).isEqualTo("turn:198.51.100.7:3478?transport=udp");
        assertThat(ice.get(1).get("url").stringValue()).isEqualTo("turns:turn.example.org:5349?transport=tcp");
        String username = ice.get(0).get("username").stringValue();
        assertThat(username).endsWith(":" + alice); // coturn REST scheme: expiry:user
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(Instant.now().getEpochSecond() + 590, Instant.now().getEpochSecond() + 601);
        assertThat(ice.get(0).get("credential").stringValue()).isNotBlank();
        assertThat(answer.get("coturnIp").stringValue()).isEqualTo("198.51.100.7");
        assertThat(answer.get("coturnPort").intValue()).isEqualTo(3478);
        assertThat(answer.get("turnUsername").stringValue()).isEqualTo(username);
        assertThat(answer.get("turnCredential").stringValue()).isEqualTo(ice.get(0).get("credential").stringValue());
        assertThat(answer.get("sessionId").stringValue()).matches("rpc_[A-Za-z0-9_-]{22}");
        assertThat(room.connection(alice).orElseThrow().ip()).isEqualTo("203.0.113.9");
    }

    @Test
    void aSingleUseTokenJoinsOnlyOnce() {
        someoneStays();
        String alice = pending(Role.PUBLISHER);
        join(new SocketSession("s1", null, 0), "{\"token\":\"once:" + alice + "\"}");
        room.leave(alice, EndReason.DISCONNECT);
        room.addPending(alice, "token-of-" + alice, ConnectionProperties.webRtc(Role.PUBLISHER, ""));

        assertRefused(() -> join(new SocketSession("s2", null, 0), "{\"token\":\"once:" + alice + "\"}"), 401);
        assertThat(room.connection(alice).orElseThrow().status()).isEqualTo(ConnectionStatus.PENDING);
    }

    @Test
    void aBackendMintedTokenDefinesItsOwnConnection() {
        String carol = ConnectionIds.generate(); // never created through the REST API
        JsonNode answer = join(new SocketSession("s1", null, 0), "{\"token\":\"backend:" + carol + "\"}");

        assertThat(answer.get("id").stringValue()).isEqualTo(carol);
        assertThat(room.connection(carol).orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
        // A gateway token still needs its connection to exist: the gateway created it when it minted the token.
        assertRefused(() -> join(new SocketSession("s2", null, 0), "{\"token\":\"good:" + ConnectionIds.generate()
                + "\"}"), 401);
    }

    @Test
    void withSingleUseOnABackendMintedTokenJoinsOnceThoughItCarriesNoClaim() {
        // vidgate.tokens.single-use=true: every token joins once by its jti, whoever minted it.
        JoinRoomMethod singleUse = joinRoom(new InMemoryTokenReplayGuard(Clock.systemUTC(), Duration.ZERO,
                InMemoryTokenReplayGuard.DEFAULT_MAX_ENTRIES, true));
        someoneStays();
        String carol = ConnectionIds.generate();
        join(singleUse, new SocketSession("s1", null, 0), "{\"token\":\"backend:" + carol + "\"}");
        room.leave(carol, EndReason.DISCONNECT); // she leaves

        for (int rejoin = 0; rejoin < 3; rejoin++) {
            SocketSession socket = new SocketSession("s" + (rejoin + 2), null, 0);
            assertRefused(() -> join(singleUse, socket, "{\"token\":\"backend:" + carol + "\"}"), 401);
            assertThat(socket.participant()).isNull();
        }
        assertThat(room.connection(carol)).isEmpty();

        // Without the setting a backend token is reusable, as its claims say.
        String dave = ConnectionIds.generate();
        join(new SocketSession("s9", null, 0), "{\"token\":\"backend:" + dave + "\"}");
        room.leave(dave, EndReason.DISCONNECT);
        join(new SocketSession("s10", null, 0), "{\"token\":\"backend:" + dave + "\"}");
        assertThat(room.connection(dave).orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
    }

    @Test
    void aTokenOfASessionTheLastParticipantLeftFindsNoRoom() {
        String alice = pending(Role.PUBLISHER);
        String bob = pending(Role.PUBLISHER);
        join(new SocketSession("s1", null, 0), "{\"token\":\"good:" + alice + "\"}");
        room.leave(alice, EndReason.DISCONNECT); // the last one out: the session closes, pending tokens with it

        SocketSession socket = new SocketSession("s2", null, 0);
        assertRefused(() -> join(socket, "{\"token\":\"good:" + bob + "\"}"), RpcErrorCodes.ROOM_NOT_FOUND);
        assertThat(socket.participant()).isNull();
        assertThat(rooms.session(sessionId)).isEmpty();
    }

    private static void assertRefused(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(code));
    }
}
