package io.vidgate.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.vidgate.e2e.browser.HarnessPage.Received;
import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unmodified openvidu-browser 2.32.2 in headless Chromium, with a fake camera, through the whole stack: tokens from
 * the real openvidu-java-client on the internal listener, the socket through the gateway's edge to the broker,
 * media through the kurento-emulator's real WebRTC peers, TURN through a real coturn with the credentials Vidgate
 * handed out. What an OpenVidu 2 app's users would notice if it broke.
 */
@RequiresChromium
@RequiresCoturn
@ExtendWith(BrowserStack.Extension.class)
class BrowserCallTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static BrowserStack env;
    @RegisterExtension
    final OpenedPages pages = new OpenedPages(() -> env);

    @BeforeAll
    static void stack(BrowserStack stack) {
        env = stack;
    }

    @Test
    void twoParticipantsPublishAndEachDecodesTheOthersVideo() throws Exception {
        Session session = env.openVidu().createSession();
        Call call = twoPublishersSeeingEachOther(session, false);
        assertThat(call.aliceSeesBob().videoWidth()).isPositive();
        assertThat(call.bobSeesAlice().videoWidth()).isPositive();

        // The backend sees the call as OpenVidu would show it.
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(call.alice().id(), call.bob().id());
        for (Connection connection : session.getActiveConnections()) {
            assertThat(connection.getPublishers()).hasSize(1);
            assertThat(connection.getSubscribers()).hasSize(1);
        }

        call.alice().page().leave();
        call.bob().page().leave();
        awaitKurentoObjectsOf(call.alice().id(), 0);
        awaitKurentoObjectsOf(call.bob().id(), 0);
    }

    @Test
    void aSubscriberCannotPublishButStillWatches() throws Exception {
        Session session = env.openVidu().createSession();
        HarnessPage alice = page("alice");
        HarnessPage bob = page("bob");
        String aliceId = alice.join(token(session, OpenViduRole.PUBLISHER), false);
        String bobId = bob.join(token(session, OpenViduRole.SUBSCRIBER), false);
        alice.publish();

        HarnessPage.Failure refused = bob.publishRefused();
        assertThat(refused.name()).isEqualTo("OPENVIDU_PERMISSION_DENIED");
        assertThat(refused.message()).isEqualTo("You don't have permissions to publish");

        bob.awaitDecoding(aliceId);
        assertThat(bob.events()).noneMatch(event -> "sessionDisconnected".equals(event.get("event")));
        session.fetch();
        assertThat(session.getConnection(bobId).getPublishers()).isEmpty();
        assertThat(session.getConnection(bobId).getSubscribers()).hasSize(1);
    }

    @Test
    void aModeratorForceDisconnectsAnother() throws Exception {
        Session session = env.openVidu().createSession();
        HarnessPage alice = page("alice");
        HarnessPage bob = page("bob");
        alice.join(token(session, OpenViduRole.MODERATOR), false);
        String bobId = bob.join(token(session, OpenViduRole.PUBLISHER), false);
        bob.publish();
        alice.awaitEvent("streamCreated", "connectionId", bobId);

        alice.forceDisconnect(bobId);

        bob.awaitEvent("sessionDisconnected", "reason", "forceDisconnectByUser");
        alice.awaitEvent("streamDestroyed", "connectionId", bobId, "reason", "forceDisconnectByUser");
        alice.awaitEvent("connectionDestroyed", "connectionId", bobId, "reason", "forceDisconnectByUser");
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).doesNotContain(bobId);
        awaitKurentoObjectsOf(bobId, 0);
    }

    @Test
    void aKilledTabLeavesTheSessionAndKurento() throws Exception {
        Session session = env.openVidu().createSession();
        Call call = twoPublishersSeeingEachOther(session, false);
        HarnessPage alice = call.alice().page();
        String aliceId = call.alice().id();
        HarnessPage bob = call.bob().page();
        String bobId = call.bob().id();
        // Bob's publisher, his subscription to Alice, and Alice's subscription to him.
        assertThat(kurentoObjectsOf(bobId)).hasSize(3);

        bob.browser().kill();

        Object reason = alice.awaitEvent("connectionDestroyed", "connectionId", bobId).get("reason");
        assertThat(reason).isEqualTo("networkDisconnect");
        alice.awaitEvent("streamDestroyed", "connectionId", bobId);
        awaitKurentoObjectsOf(bobId, 0);
        assertThat(kurentoObjectsOf(aliceId)).as("Alice's publisher stays").hasSize(1);
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId).containsExactly(aliceId);
    }

    @Test
    void aRelayOnlyCallGoesThroughCoturnWithTheCredentialsVidgateHandedOut() throws Exception {
        Call call = twoPublishersSeeingEachOther(env.openVidu().createSession(), true);

        // Every peer connection relays through the loopback coturn, which allocated only because the credentials
        // in joinRoom's customIceServers (the page configured no other ICE server) verified against its secret.
        List<String> coturn = env.coturn().turnUris();
        for (HarnessPage.Route route : List.of(call.aliceSeesBob().route(), call.bobSeesAlice().route(),
                call.alice().page().media().sent(), call.bob().page().media().sent())) {
            assertThat(route.candidateType()).isEqualTo("relay");
            assertThat(route.relayServer()).isIn(coturn);
        }
    }

    @Test
    void aTokenForAnotherSessionIsRefusedAtTheEdge() throws Exception {
        Session session = env.openVidu().createSession();
        Session other = env.openVidu().createSession();
        Connection otherGrant = other.createConnection(new ConnectionProperties.Builder().build());
        // A valid token of the other session, in a URL that names this one.
        String foreign = otherGrant.getToken().replace("sessionId=" + other.getSessionId(),
                "sessionId=" + session.getSessionId());
        assertThat(foreign).contains("sessionId=" + session.getSessionId());

        HarnessPage.Failure refused = page("alice").joinRefused(foreign);

        assertThat(refused.code()).isEqualTo(401);
        session.fetch();
        assertThat(session.getActiveConnections()).isEmpty();
        other.fetch();
        assertThat(other.getConnection(otherGrant.getConnectionId()).getStatus()).as("the edge consumed nothing")
                .isEqualTo("pending");
    }

    // ---------------------------------------------------------------- helpers

    private record Participant(HarnessPage page, String id) {
    }

    private record Call(Participant alice, Participant bob, Received aliceSeesBob, Received bobSeesAlice) {
    }

    /**
     * Alice joins and publishes, then Bob (who so gets her stream in his joinRoom answer, and she gets his as a
     * notification); each subscribes to the other and decodes the other's video. {@code relay}: relayed ICE only.
     */
    private Call twoPublishersSeeingEachOther(Session session, boolean relay) throws Exception {
        HarnessPage alice = page("alice");
        String aliceId = alice.join(token(session, OpenViduRole.PUBLISHER), relay);
        alice.publish();
        HarnessPage bob = page("bob");
        String bobId = bob.join(token(session, OpenViduRole.PUBLISHER), relay);
        bob.publish();
        return new Call(new Participant(alice, aliceId), new Participant(bob, bobId), alice.awaitDecoding(bobId),
                bob.awaitDecoding(aliceId));
    }

    private HarnessPage page(String name) {
        return pages.open(name);
    }

    private static String token(Session session, OpenViduRole role) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(role).build()).getToken();
    }

    /** The emulator's live objects named after that connection (its publisher, its subscriptions and others' to it). */
    private static List<String> kurentoObjectsOf(String connectionId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(env.stack().kurentoUrl() + "/emulator/objects")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("/emulator/objects: " + response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode pipeline : JSON.readTree(response.body()).path("pipelines")) {
            for (JsonNode object : pipeline.path("objects")) {
                String name = object.path("name").asString();
                if (name.contains(connectionId)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static void awaitKurentoObjectsOf(String connectionId, int count) {
        Eventually.until("Kurento objects of " + connectionId + " down to " + count, HarnessPage.EVENT_TIMEOUT, () -> {
            try {
                return kurentoObjectsOf(connectionId);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, names -> names.size() == count);
    }
}
