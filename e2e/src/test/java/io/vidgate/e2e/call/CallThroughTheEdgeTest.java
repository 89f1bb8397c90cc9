package io.vidgate.e2e.call;

import static io.vidgate.e2e.call.EdgeClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A call's signaling through the whole stack, each part its own process as in production: a backend gets tokens
 * with the real {@code openvidu-java-client} on the gateway's internal listener; clients speak openvidu-browser's
 * frames to the gateway's public {@code /openvidu}, which pipes them to the broker, which drives the
 * kurento-emulator. What users rely on: joining, publishing, subscribing, trickle ICE, the REST view of it, nothing
 * left on Kurento afterwards, resuming after a dropped socket, and refusals that leave the session unharmed.
 */
class CallThroughTheEdgeTest {

    private static final String SECRET = "e2e-call-secret";
    private static final String TURN_SECRET = "e2e-turn-secret";
    private static final String ISSUER = "https://e2e.vidgate.test";
    private static final String AUDIENCE = "vidgate-e2e";
    private static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.50 50000 typ host";

    @TempDir
    static Path work;
    static StackProcesses stack;
    static OpenVidu openVidu;
    static SigningKeys keys;

    private final List<EdgeClient> clients = new java.util.ArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        Path keyFile = work.resolve("keys.jwks.json");
        keys = SigningKeys.loadOrGenerate(keyFile).keys();
        stack = StackProcesses.start(work, SECRET, StackProcesses.Options.of(Map.of(
                "vidgate.tokens.jwks-file", keyFile.toString(),
                "vidgate.tokens.issuer", ISSUER,
                "vidgate.tokens.audience", AUDIENCE,
                "vidgate.turn.secrets", TURN_SECRET,
                "vidgate.turn.uris", "turn:turn.e2e.test:3478?transport=udp,turn:turn.e2e.test:3478?transport=tcp"))
                .withKurento());
        openVidu = new OpenVidu(stack.internalUrl(), SECRET);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void closeClients() {
        clients.forEach(EdgeClient::close);
    }

    @Test
    void aPublisherAndASubscriberCallThroughTheEdgeAndLeaveNothingOnKurento() throws Exception {
        Session session = openVidu.createSession();
        Connection aliceGrant = newConnection(session, OpenViduRole.PUBLISHER);
        Connection bobGrant = newConnection(session, OpenViduRole.SUBSCRIBER);

        // Bob joins an empty session with the token URL his backend handed him.
        EdgeClient bob = connect("bob", bobGrant);
        JsonNode bobJoin = bob.joinRoom(bobGrant.getToken(), session.getSessionId()).get("result");
        assertThat(bobJoin.get("id").stringValue()).isEqualTo(bobGrant.getConnectionId());
        assertThat(bobJoin.get("session").stringValue()).isEqualTo(session.getSessionId());
        assertThat(bobJoin.get("role").stringValue()).isEqualTo("SUBSCRIBER");
        assertThat(bobJoin.get("value")).isEmpty();
        assertThat(bobJoin.get("sessionId").stringValue()).isNotEmpty();
        assertFreshTurnCredentials(bobJoin, bobGrant.getConnectionId());

        // Alice joins: she sees Bob, Bob is told.
        EdgeClient alice = connect("alice", aliceGrant);
        JsonNode aliceJoin = alice.joinRoom(aliceGrant.getToken(), session.getSessionId()).get("result");
        assertThat(aliceJoin.get("id").stringValue()).isEqualTo(aliceGrant.getConnectionId());
        assertThat(aliceJoin.get("role").stringValue()).isEqualTo("PUBLISHER");
        assertThat(aliceJoin.get("value")).hasSize(1);
        assertThat(aliceJoin.get("value").get(0).get("id").stringValue()).isEqualTo(bob.connectionId);
        assertThat(aliceJoin.get("value").get(0).has("streams")).as("Bob publishes nothing: no streams field").isFalse();
        assertThat(aliceJoin.get("sessionId").stringValue()).isNotEqualTo(bobJoin.get("sessionId").stringValue());
        assertFreshTurnCredentials(aliceJoin, aliceGrant.getConnectionId());
        JsonNode joined = bob.awaitNotification("participantJoined");
        assertThat(joined.get("id").stringValue()).isEqualTo(alice.connectionId);
        assertThat(joined.get("metadata").stringValue()).isEqualTo("{\"clientData\":\"alice\"}");

        // Alice publishes; KMS's candidates for her publisher reach her socket; she trickles hers.
        String stream = alice.publish();
        JsonNode published = bob.awaitNotification("participantPublished");
        assertThat(published.get("id").stringValue()).isEqualTo(alice.connectionId);
        assertThat(published.get("streams").get(0).get("id").stringValue()).isEqualTo(stream);
        JsonNode aliceCandidate = alice.awaitNotification("iceCandidate");
        assertThat(aliceCandidate.get("senderConnectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(aliceCandidate.get("candidate").stringValue()).startsWith("candidate:");
        assertThat(alice.result("onIceCandidate", candidate(alice.connectionId))).isNotNull();
        assertThat(bob.queued("iceCandidate")).as("candidates of Alice's publisher are hers alone").isZero();

        // Bob subscribes with a server offer (openvidu-browser's default); his subscription's candidates reach him.
        bob.subscribe(stream);
        JsonNode bobCandidate = bob.awaitNotification("iceCandidate");
        assertThat(bobCandidate.get("senderConnectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(bobCandidate.get("candidate").stringValue()).startsWith("candidate:");
        assertThat(bob.result("onIceCandidate", candidate(alice.connectionId))).isNotNull();
        assertThat(kurentoObjects().path("byType").path("WebRtcEndpoint").intValue()).isEqualTo(2);

        // The backend sees the call as OpenVidu would show it.
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(alice.connectionId, bob.connectionId);
        Connection aliceSeen = session.getConnection(alice.connectionId);
        assertThat(aliceSeen.getStatus()).isEqualTo("active");
        assertThat(aliceSeen.getPlatform()).isEqualTo("Chrome 126.0.0.0 on Linux 64-bit");
        assertThat(aliceSeen.getPublishers()).singleElement().satisfies(publisher -> {
            assertThat(publisher.getStreamId()).isEqualTo(stream);
            assertThat(publisher.getTypeOfVideo()).isEqualTo("CAMERA");
        });
        assertThat(aliceSeen.getSubscribers()).isEmpty();
        Connection bobSeen = session.getConnection(bob.connectionId);
        assertThat(bobSeen.getStatus()).isEqualTo("active");
        assertThat(bobSeen.getRole()).isEqualTo(OpenViduRole.SUBSCRIBER);
        assertThat(bobSeen.getPublishers()).isEmpty();
        assertThat(bobSeen.getSubscribers()).containsExactly(stream);

        // Bob leaves, then Alice: every Kurento object goes, the pipeline with the last one.
        bob.result("leaveRoom", null);
        JsonNode left = alice.awaitNotification("participantLeft");
        assertThat(left.get("connectionId").stringValue()).isEqualTo(bob.connectionId);
        assertThat(left.get("reason").stringValue()).isEqualTo("disconnect");
        alice.result("leaveRoom", null);
        awaitNoKurentoObjects();
    }

    @Test
    void aClientWhoseSocketDroppedResumesThroughTheEdge() throws Exception {
        Session session = openVidu.createSession();
        Connection aliceGrant = newConnection(session, OpenViduRole.PUBLISHER);
        Connection bobGrant = newConnection(session, OpenViduRole.SUBSCRIBER);
        EdgeClient alice = joined("alice", aliceGrant, session);
        EdgeClient bob = joined("bob", bobGrant, session);
        String stream = alice.publish();
        bob.awaitNotification("participantPublished");
        bob.subscribe(stream);

        // Bob's network drops: no close frame. openvidu-browser opens a new socket and resumes with its RPC session id.
        bob.abort();
        EdgeClient bobAgain = track(EdgeClient.reconnect("bob", bobGrant.getToken()));
        JsonNode resumed = bobAgain.result("connect", params("sessionId", bob.rpcSessionId, "reconnect", true));
        assertThat(resumed.get("sessionId").stringValue()).isEqualTo(bob.rpcSessionId);
        bobAgain.startHeartbeat();

        // Still in the call for the backend, with his subscription; and the next notifications reach the new socket.
        session.fetch();
        Connection bobSeen = session.getConnection(bobGrant.getConnectionId());
        assertThat(bobSeen.getStatus()).isEqualTo("active");
        assertThat(bobSeen.getSubscribers()).containsExactly(stream);
        alice.result("sendMessage", params("message", "{\"to\":[\"" + bobGrant.getConnectionId()
                + "\"],\"data\":\"still there?\",\"type\":\"signal:chat\"}"));
        JsonNode signal = bobAgain.awaitNotification("sendMessage");
        assertThat(signal.get("from").stringValue()).isEqualTo(alice.connectionId);
        assertThat(signal.get("data").stringValue()).isEqualTo("still there?");
        alice.result("unpublishVideo", null);
        assertThat(bobAgain.awaitNotification("participantUnpublished").get("connectionId").stringValue())
                .isEqualTo(alice.connectionId);

        // An RPC session id the gateway never learned: openvidu-browser's "reconnection error", then a close.
        EdgeClient stranger = track(EdgeClient.reconnect("stranger", bobGrant.getToken()));
        JsonNode refused = stranger.error("connect", params("sessionId", "not-a-known-rpc-session", "reconnect", true));
        assertThat(refused.get("code").intValue()).isEqualTo(40007);
        assertThat(refused.get("message").stringValue()).isEqualTo("reconnection error");
        assertThat(stranger.awaitClose()).isEqualTo(1008);

        bobAgain.result("leaveRoom", null);
        alice.result("leaveRoom", null);
        awaitNoKurentoObjects();
    }

    @Test
    void forgedExpiredOrForeignTokensNeverReachTheBroker() throws Exception {
        Session session = openVidu.createSession();
        Connection grant = newConnection(session, OpenViduRole.PUBLISHER);
        Session other = openVidu.createSession();
        Connection otherGrant = newConnection(other, OpenViduRole.PUBLISHER);
        TokenSettings settings = TokenSettings.of(ISSUER, AUDIENCE);
        ConnectionGrant same = ConnectionGrant.of(session.getSessionId(), grant.getConnectionId(), Role.PUBLISHER);
        String forged = tokenUrl(session, new ConnectionTokenIssuer(SigningKeys.generate(), settings,
                Clock.systemUTC()).issue(same).jwt());
        String expired = tokenUrl(session, new ConnectionTokenIssuer(keys, settings,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))).issue(same).jwt());

        for (String token : List.of(forged, expired, otherGrant.getToken())) {
            // The socket of the session the client names; the foreign token is for another one.
            EdgeClient client = track(EdgeClient.connect("intruder", grant.getToken()));
            JsonNode answer = client.joinRoom(token, session.getSessionId());
            assertThat(answer.has("error")).as(answer.toString()).isTrue();
            assertThat(answer.get("error").get("code").intValue()).isEqualTo(401);
            assertThat(client.awaitClose()).isEqualTo(1008);
        }
        session.fetch();
        assertThat(session.getConnection(grant.getConnectionId()).getStatus()).isEqualTo("pending");
        other.fetch();
        assertThat(other.getConnection(otherGrant.getConnectionId()).getStatus()).isEqualTo("pending");

        // The edge consumed nothing: the real token still joins.
        EdgeClient owner = joined("owner", grant, session);
        session.fetch();
        assertThat(session.getConnection(grant.getConnectionId()).getStatus()).isEqualTo("active");
        owner.result("leaveRoom", null);
    }

    @Test
    void aSubscriberCannotPublishAndTheSessionGoesOn() throws Exception {
        Session session = openVidu.createSession();
        EdgeClient alice = joined("alice", newConnection(session, OpenViduRole.PUBLISHER), session);
        EdgeClient bob = joined("bob", newConnection(session, OpenViduRole.SUBSCRIBER), session);
        String stream = alice.publish();

        JsonNode refused = bob.error("publishVideo", EdgeClient.publishParams());
        assertThat(refused.get("code").intValue()).isEqualTo(401);

        // Bob is still in, and still subscribes; Alice still publishes; Bob published nothing.
        bob.subscribe(stream);
        session.fetch();
        assertThat(session.getActiveConnections()).hasSize(2);
        assertThat(session.getConnection(bob.connectionId).getPublishers()).isEmpty();
        assertThat(session.getConnection(bob.connectionId).getSubscribers()).containsExactly(stream);
        assertThat(session.getConnection(alice.connectionId).getPublishers()).hasSize(1);
        assertThat(kurentoObjects().path("byType").path("WebRtcEndpoint").intValue()).isEqualTo(2);

        bob.result("leaveRoom", null);
        alice.result("leaveRoom", null);
        awaitNoKurentoObjects();
    }

    @Test
    void messagesUpToTheSharedLimitCrossBothHopsAndALargerOneClosesWith1009NamingIt() throws Exception {
        // vidgate.signaling.max-message-bytes (256 KiB by default) bounds the edge and the broker alike: a large SDP
        // the edge admitted was refused by the broker's 64 KiB default, closing the client with 1009 and no answer.
        Session session = openVidu.createSession();
        EdgeClient alice = joined("alice", newConnection(session, OpenViduRole.PUBLISHER), session);
        for (int size : new int[] {80 * 1024, 250 * 1024}) {
            String data = "x".repeat(size);
            alice.result("sendMessage", params("message", EdgeClient.JSON.writeValueAsString(Map.of(
                    "to", List.of(alice.connectionId), "data", data, "type", "signal:large"))));
            JsonNode echoed = alice.awaitNotification("sendMessage");
            assertThat(echoed.get("data").stringValue()).as(size + " bytes, back through both hops").isEqualTo(data);
        }

        alice.send("sendMessage", params("message", EdgeClient.JSON.writeValueAsString(Map.of(
                "to", List.of(alice.connectionId), "data", "x".repeat(256 * 1024)))))
                .exceptionally(closedFirst -> null);
        assertThat(alice.awaitClose()).isEqualTo(1009);
        assertThat(alice.closeReason).isEqualTo("Message over vidgate.signaling.max-message-bytes (262144 bytes)");
    }

    // ---------------------------------------------------------------- helpers

    private static Connection newConnection(Session session, OpenViduRole role) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(role).build());
    }

    private EdgeClient track(EdgeClient client) {
        clients.add(client);
        return client;
    }

    private EdgeClient connect(String name, Connection grant) {
        return track(EdgeClient.connect(name, grant.getToken()));
    }

    private EdgeClient joined(String name, Connection grant, Session session) {
        EdgeClient client = connect(name, grant);
        JsonNode answer = client.joinRoom(grant.getToken(), session.getSessionId());
        assertThat(answer.has("result")).as(name + " joined: " + answer).isTrue();
        return client;
    }

    /** A candidate as Connection.sendIceCandidate sends it: endpointName is the stream's connection id. */
    private static tools.jackson.databind.node.ObjectNode candidate(String endpointName) {
        return params("endpointName", endpointName, "candidate", CANDIDATE, "sdpMid", "0", "sdpMLineIndex", 0);
    }

    private static String tokenUrl(Session session, String jwt) {
        return OpenViduTokenUrl.build(URI.create(stack.publicUrl()), session.getSessionId(), jwt);
    }

    /**
     * customIceServers (and the legacy coturn fields) carry a TURN credential in coturn's REST scheme, minted for
     * this connection just now: {@code username = <expiry>:<connection id>}, {@code credential =
     * base64(HMAC-SHA1(secret, username))} — checked here as coturn would.
     */
    private static void assertFreshTurnCredentials(JsonNode join, String connectionId) throws Exception {
        JsonNode servers = join.get("customIceServers");
        assertThat(servers).isNotEmpty();
        assertThat(servers).extracting(server -> server.get("url").stringValue())
                .contains("turn:turn.e2e.test:3478?transport=udp", "turn:turn.e2e.test:3478?transport=tcp");
        for (JsonNode server : servers) {
            String username = server.get("username").stringValue();
            assertThat(username).endsWith(":" + connectionId);
            long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
            long now = Instant.now().getEpochSecond();
            assertThat(expiry).isBetween(now + 9 * 60, now + 10 * 60 + 5);
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            assertThat(server.get("credential").stringValue()).isEqualTo(
                    Base64.getEncoder().encodeToString(hmac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
        }
        assertThat(join.get("turnUsername").stringValue()).isEqualTo(servers.get(0).get("username").stringValue());
        assertThat(join.get("coturnIp").stringValue()).isEqualTo("turn.e2e.test");
    }

    private static JsonNode kurentoObjects() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.kurentoUrl() + "/emulator/objects")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return EdgeClient.JSON.readTree(response.body());
    }

    /** Releases are asynchronous: polls the emulator (no push to wait on) until nothing is left, or fails. */
    private static void awaitNoKurentoObjects() throws Exception {
        Instant deadline = Instant.now().plus(EdgeClient.TIMEOUT);
        JsonNode objects = kurentoObjects();
        while (objects.get("total").intValue() != 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            objects = kurentoObjects();
        }
        assertThat(objects.get("total").intValue()).as("live Kurento objects: " + objects).isZero();
    }
}
