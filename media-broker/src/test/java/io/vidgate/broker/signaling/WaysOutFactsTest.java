package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.Fact.WebrtcConnectionCreated;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every way out of a session — leaveRoom, silence, a socket that died and never resumed, force disconnect and force
 * unpublish by RPC or REST, unpublish and unsubscribe, closing the session — emits OpenVidu's webhook events as facts,
 * in OpenVidu's order and with its reasons, and leaves nothing of what ended on Kurento.
 *
 * <p>The order of a leave is openvidu-server 2.32.1's: {@code KurentoSession.leave} first cancels the others'
 * subscriptions to the leaver's stream ({@code removeParticipant}), then {@code KurentoParticipant.close} releases
 * the leaver's own subscriptions and then its publisher, and only then {@code onParticipantLeft} records
 * participantLeft; the session, when the leaver was the last, is destroyed after that. An unpublish releases the
 * publisher first ({@code unpublishMedia}), then each subscription to it ({@code cancelPublisher}). The real server
 * was recorded doing exactly that, webhooks and all ({@code bench/webhook-order}, issue 17).
 */
@TestPropertySource(properties = {"vidgate.signaling.ping-timeout=" + WaysOutFactsTest.PING_TIMEOUT_MS + "ms",
        "vidgate.signaling.reconnect-grace=" + WaysOutFactsTest.GRACE_MS + "ms"})
class WaysOutFactsTest extends SignalingEndToEndSupport {

    // As SignalingLifecycleTest: ten pings fit in the timeout, so a stalled CI machine does not look like a frozen tab.
    static final long PING_TIMEOUT_MS = 5000;
    static final long GRACE_MS = 3000;
    static final Duration EVICTED_WITHIN = Duration.ofMillis(Math.max(PING_TIMEOUT_MS, GRACE_MS) + 3000);
    /** How long "nothing more happens" is watched for. */
    static final Duration QUIET = Duration.ofMillis(700);

    @Autowired
    FactStream stream;

    /** Alice and Bob publish and see each other (4 endpoints); their facts so far: 7. */
    private List<OpenViduTestClient> crossSubscribed(String session) throws InterruptedException {
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        alice.subscribe(bobStream, BrowserSdp::answerTo);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 4);
        return List.of(alice, bob);
    }

    private static final List<String> CROSS_SUBSCRIBED = List.of(
            "sessionCreated",
            "participantJoined alice",
            "participantJoined bob",
            "webrtcConnectionCreated OUTBOUND alice",
            "webrtcConnectionCreated OUTBOUND bob",
            "webrtcConnectionCreated INBOUND alice<-bob",
            "webrtcConnectionCreated INBOUND bob<-alice");

    /** Alice publishes, Bob subscribes to her (2 endpoints); their facts so far: 5. */
    private List<OpenViduTestClient> oneWay(String session, Role bobsRole) throws InterruptedException {
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, bobsRole);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);
        return List.of(alice, bob);
    }

    private static final List<String> ONE_WAY = List.of(
            "sessionCreated",
            "participantJoined alice",
            "participantJoined bob",
            "webrtcConnectionCreated OUTBOUND alice",
            "webrtcConnectionCreated INBOUND bob<-alice");

    /** What OpenVidu records when Alice, whom Bob receives, leaves with {@code reason} (see the class comment). */
    private static List<String> aliceLeavesBob(String reason) {
        return List.of(
                "webrtcConnectionDestroyed INBOUND bob<-alice " + reason,
                "webrtcConnectionDestroyed OUTBOUND alice " + reason,
                "participantLeft alice " + reason);
    }

    private static Map<String, String> names(OpenViduTestClient... clients) {
        String[] names = {"alice", "bob", "carol", "dave"};
        Map<String, String> named = new java.util.HashMap<>();
        for (int i = 0; i < clients.length; i++) {
            named.put(clients[i].connectionId, names[i]);
        }
        return named;
    }

    private static List<String> concat(List<String> first, List<String> then) {
        List<String> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /** The last one leaves: its publisher goes, it leaves, the session is destroyed; nothing is left on Kurento. */
    private void bobLeavesLast(String session, OpenViduTestClient bob, int factsSoFar, boolean bobPublishes,
            Map<String, String> names) throws InterruptedException {
        assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
        List<String> expected = new ArrayList<>();
        if (bobPublishes) {
            expected.add("webrtcConnectionDestroyed OUTBOUND bob disconnect");
        }
        expected.add("participantLeft bob disconnect");
        expected.add("sessionDestroyed lastParticipantLeft");
        List<String> lines = facts.awaitLines(session, factsSoFar + expected.size(), names);
        assertThat(lines.subList(factsSoFar, lines.size())).as("all: " + lines).containsExactlyElementsOf(expected);
        facts.assertInOpenViduOrder(session);
        awaitNoKmsObjects();
    }

    /** The recorder is one of the broker's observers: when a test here fails waiting for facts, none were emitted. */
    @Test
    void theRecorderHearsTheBrokersFacts() throws Exception {
        stream.publish(new Fact.SessionCreated("wiring-check", System.currentTimeMillis()));
        assertThat(RecordedFacts.describe(facts.awaitEvents("wiring-check", 1), Map.of()))
                .containsExactly("sessionCreated");
    }

    // ---- leaveRoom

    @Test
    void leaveRoomDestroysTheLeaversConnectionsAndTheSubscriptionsToItThenItLeavesAndTheOtherStays() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = crossSubscribed(session);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);
        assertThat(facts.awaitLines(session, 7, names)).containsExactlyElementsOf(CROSS_SUBSCRIBED);

        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();

        assertThat(facts.awaitLines(session, 11, names)).containsExactlyElementsOf(concat(CROSS_SUBSCRIBED, List.of(
                "webrtcConnectionDestroyed INBOUND bob<-alice disconnect",
                "webrtcConnectionDestroyed INBOUND alice<-bob disconnect",
                "webrtcConnectionDestroyed OUTBOUND alice disconnect",
                "participantLeft alice disconnect")));
        // Bob stays, with his publisher: nothing of his ends, the session is not closed.
        facts.assertNoMore(session, 11, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 1);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
        assertThat(bob.result("ping", params()).get("value").stringValue()).isEqualTo("pong");
        // An INBOUND connection reports its publisher's stream, as OpenVidu's webrtcConnectionCreated does.
        List<Fact.WebrtcConnection> created = facts.of(session).stream().filter(WebrtcConnectionCreated.class::isInstance)
                .map(f -> ((WebrtcConnectionCreated) f).connection()).toList();
        String alicesStream = created.stream().filter(c -> !c.inbound() && c.connectionId().equals(alice.connectionId))
                .findFirst().orElseThrow().streamId();
        assertThat(created).filteredOn(c -> alice.connectionId.equals(c.receivingFrom()))
                .extracting(Fact.WebrtcConnection::streamId).containsExactly(alicesStream);

        bobLeavesLast(session, bob, 11, true, names);
    }

    // ---- silence and a socket that never came back

    @Test
    void aSilentParticipantLeavesWithNetworkDisconnect() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = oneWay(session, Role.SUBSCRIBER);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);

        alice.stopPinging(); // a frozen tab

        bob.awaitNotification("participantLeft", p -> is(p, "connectionId", alice.connectionId), EVICTED_WITHIN);
        assertThat(facts.awaitLines(session, 8, names)).containsExactlyElementsOf(
                concat(ONE_WAY, aliceLeavesBob("networkDisconnect")));
        facts.assertNoMore(session, 8, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1); // Bob is still in

        bobLeavesLast(session, bob, 8, false, names);
    }

    @Test
    void aSocketClosedWithoutLeaveRoomLeavesWithNetworkDisconnectOnceTheGraceIsOver() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = oneWay(session, Role.SUBSCRIBER);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);
        facts.awaitEvents(session, 5);

        alice.close(); // a close frame and no leaveRoom: a tab closed, or a reload

        // Within the grace Alice may still resume: she has not left, her media is alive.
        facts.assertNoMore(session, 5, Duration.ofMillis(GRACE_MS / 2), names);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
        // She does not: she leaves as a lost network does.
        bob.awaitNotification("participantLeft", p -> is(p, "connectionId", alice.connectionId), EVICTED_WITHIN);
        assertThat(facts.awaitLines(session, 8, names)).containsExactlyElementsOf(
                concat(ONE_WAY, aliceLeavesBob("networkDisconnect")));
        awaitKmsObjects("WebRtcEndpoint", 0);

        bobLeavesLast(session, bob, 8, false, names);
    }

    // ---- force disconnect

    @Test
    void aModeratorsForceDisconnectIsForceDisconnectByUser() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = oneWay(session, Role.MODERATOR);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);

        assertThat(bob.result("forceDisconnect", params("connectionId", alice.connectionId))).isNotNull();

        assertThat(alice.awaitNotification("participantEvicted").get("reason").stringValue())
                .isEqualTo("forceDisconnectByUser");
        assertThat(facts.awaitLines(session, 8, names)).containsExactlyElementsOf(
                concat(ONE_WAY, aliceLeavesBob("forceDisconnectByUser")));
        facts.assertNoMore(session, 8, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 0);

        bobLeavesLast(session, bob, 8, false, names);
    }

    @Test
    void deletingAConnectionIsForceDisconnectByServer() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = oneWay(session, Role.SUBSCRIBER);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session + "/connection/" + alice.connectionId, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        assertThat(facts.awaitLines(session, 8, names)).containsExactlyElementsOf(
                concat(ONE_WAY, aliceLeavesBob("forceDisconnectByServer")));
        facts.assertNoMore(session, 8, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 0);

        bobLeavesLast(session, bob, 8, false, names);
    }

    // ---- force unpublish, unpublish, unsubscribe: connections end, nobody leaves

    /** Alice, Bob and Carol (a moderator), and the stream Alice publishes. */
    private record Audience(List<OpenViduTestClient> clients, String aliceStream) {
    }

    /** Alice publishes; Bob and Carol (a moderator) receive her: 3 endpoints, 7 facts. */
    private Audience twoSubscribers(String session) throws InterruptedException {
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        OpenViduTestClient carol = join(session, Role.MODERATOR);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        carol.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 3);
        return new Audience(List.of(alice, bob, carol), aliceStream);
    }

    /** Alice's stream ends with {@code reason}: her publisher first, then each subscription to it; everyone stays. */
    private void assertAlicesStreamEnded(String session, List<OpenViduTestClient> clients, String reason)
            throws InterruptedException {
        Map<String, String> names = names(clients.toArray(OpenViduTestClient[]::new));
        List<String> lines = facts.awaitLines(session, 10, names);
        assertThat(lines.subList(0, 7)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "participantJoined bob",
                "participantJoined carol",
                "webrtcConnectionCreated OUTBOUND alice",
                "webrtcConnectionCreated INBOUND bob<-alice",
                "webrtcConnectionCreated INBOUND carol<-alice");
        assertThat(lines.get(7)).as("all: " + lines).isEqualTo("webrtcConnectionDestroyed OUTBOUND alice " + reason);
        // OpenVidu's cancelPublisher goes over the participants in no particular order.
        assertThat(lines.subList(8, 10)).as("all: " + lines).containsExactlyInAnyOrder(
                "webrtcConnectionDestroyed INBOUND bob<-alice " + reason,
                "webrtcConnectionDestroyed INBOUND carol<-alice " + reason);
        facts.assertNoMore(session, 10, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
        for (OpenViduTestClient client : clients) {
            assertThat(client.call("leaveRoom", null).has("result")).isTrue();
        }
        List<String> all = facts.awaitLines(session, 14, names);
        assertThat(all.subList(10, 13)).containsExactlyInAnyOrder("participantLeft alice disconnect",
                "participantLeft bob disconnect", "participantLeft carol disconnect");
        assertThat(all.get(13)).isEqualTo("sessionDestroyed lastParticipantLeft");
        facts.assertInOpenViduOrder(session);
        awaitNoKmsObjects();
    }

    @Test
    void aModeratorsForceUnpublishIsForceUnpublishByUserForThePublisherAndEachSubscription() throws Exception {
        String session = newSession();
        Audience audience = twoSubscribers(session);

        assertThat(audience.clients().get(2).result("forceUnpublish", params("streamId", audience.aliceStream())))
                .isNotNull();

        assertAlicesStreamEnded(session, audience.clients(), "forceUnpublishByUser");
    }

    @Test
    void deletingAStreamIsForceUnpublishByServerForThePublisherAndEachSubscription() throws Exception {
        String session = newSession();
        Audience audience = twoSubscribers(session);

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session + "/stream/" + audience.aliceStream(), null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        assertAlicesStreamEnded(session, audience.clients(), "forceUnpublishByServer");
    }

    @Test
    void unpublishVideoIsUnpublishForThePublisherAndEachSubscription() throws Exception {
        String session = newSession();
        Audience audience = twoSubscribers(session);

        assertThat(audience.clients().get(0).call("unpublishVideo", null).has("result")).isTrue();

        assertAlicesStreamEnded(session, audience.clients(), "unpublish");
    }

    @Test
    void unsubscribeFromVideoIsUnsubscribeForThatSubscriptionOnly() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = oneWay(session, Role.SUBSCRIBER);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);

        assertThat(bob.call("unsubscribeFromVideo", params("sender", alice.connectionId)).has("result")).isTrue();

        assertThat(facts.awaitLines(session, 6, names)).containsExactlyElementsOf(concat(ONE_WAY, List.of(
                "webrtcConnectionDestroyed INBOUND bob<-alice unsubscribe")));
        facts.assertNoMore(session, 6, QUIET, names);
        awaitKmsObjects("WebRtcEndpoint", 1); // Alice's publisher

        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(session, 8, names).subList(6, 8)).containsExactly(
                "webrtcConnectionDestroyed OUTBOUND alice disconnect",
                "participantLeft alice disconnect");
        bobLeavesLast(session, bob, 8, false, names);
    }

    // ---- the session closed by the server

    @Test
    void deletingASessionLeavesEveryoneWithSessionClosedByServerThenDestroysIt() throws Exception {
        String session = newSession();
        List<OpenViduTestClient> both = crossSubscribed(session);
        OpenViduTestClient alice = both.get(0);
        OpenViduTestClient bob = both.get(1);
        Map<String, String> names = names(alice, bob);
        facts.awaitEvents(session, 7);

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        for (OpenViduTestClient client : both) {
            JsonNode evicted = client.awaitNotification("participantEvicted",
                    p -> is(p, "connectionId", client.connectionId));
            assertThat(evicted.get("reason").stringValue()).isEqualTo("sessionClosedByServer");
        }
        List<String> lines = facts.awaitLines(session, 14, names);
        assertThat(lines.subList(0, 7)).containsExactlyElementsOf(CROSS_SUBSCRIBED);
        // Who is evicted first is OpenVidu's iteration order over a set; each one's leave is one block, as any leave.
        assertThat(lines.subList(7, 13)).as("all: " + lines).isIn(
                evictedInTurn("alice", "bob"), evictedInTurn("bob", "alice"));
        assertThat(lines.get(13)).as("all: " + lines).isEqualTo("sessionDestroyed sessionClosedByServer");
        facts.assertInOpenViduOrder(session);
        facts.assertNoMore(session, 14, QUIET, names);
        awaitNoKmsObjects();
        assertThat(rest("GET", "/openvidu/api/sessions/" + session, null).status()).isEqualTo(404);
    }

    /**
     * Two who see each other evicted with {@code sessionClosedByServer}, {@code first} first: the second's
     * subscription to the first, the first's own, its publisher, the first leaves; then the second's publisher, and
     * the second leaves.
     */
    private static List<String> evictedInTurn(String first, String second) {
        return List.of(
                "webrtcConnectionDestroyed INBOUND " + second + "<-" + first + " sessionClosedByServer",
                "webrtcConnectionDestroyed INBOUND " + first + "<-" + second + " sessionClosedByServer",
                "webrtcConnectionDestroyed OUTBOUND " + first + " sessionClosedByServer",
                "participantLeft " + first + " sessionClosedByServer",
                "webrtcConnectionDestroyed OUTBOUND " + second + " sessionClosedByServer",
                "participantLeft " + second + " sessionClosedByServer");
    }

    // ---- signals

    @Test
    void signalsFromParticipantsAndFromTheServerAreSignalSent() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        Map<String, String> names = names(alice, bob);

        alice.result("sendMessage", params("message",
                "{\"to\":[\"" + bob.connectionId + "\"],\"data\":\"hi\",\"type\":\"signal:chat\"}"));
        bob.awaitNotification("sendMessage");
        // No recipients: everyone, the sender included (OpenVidu's SessionEventsHandler.sendSignal).
        alice.result("sendMessage", params("message", "{\"to\":[],\"data\":\"all\",\"type\":\"signal:news\"}"));
        Http signal = rest("POST", "/openvidu/api/signal", "{\"session\":\"" + session + "\",\"to\":[\""
                + bob.connectionId + "\"],\"type\":\"alert\",\"data\":\"from the server\"}");
        assertThat(signal.status()).as(signal.body()).isEqualTo(200);
        // From the server with no recipients: every connection, listed.
        signal = rest("POST", "/openvidu/api/signal", "{\"session\":\"" + session + "\",\"type\":\"alert\",\"data\":\"all\"}");
        assertThat(signal.status()).as(signal.body()).isEqualTo(200);

        assertThat(facts.awaitLines(session, 7, names)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "participantJoined bob",
                // a participant's type without "signal:", as CallDetailRecord.recordSignalSent reports it
                "signalSent from=alice to=[bob] type=chat data=hi",
                "signalSent from=alice to=[alice, bob] type=news data=all",
                "signalSent from=null to=[bob] type=alert data=from the server",
                "signalSent from=null to=[alice, bob] type=alert data=all");
        // A refused signal (an unknown recipient) was not sent.
        assertThat(rest("POST", "/openvidu/api/signal", "{\"session\":\"" + session
                + "\",\"to\":[\"con_Nope000000\"],\"type\":\"alert\"}").status()).isEqualTo(406);
        facts.assertNoMore(session, 7, QUIET, names);
        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(session, 8, names).get(7)).isEqualTo("participantLeft alice disconnect");
        bobLeavesLast(session, bob, 8, false, names);
    }
}
