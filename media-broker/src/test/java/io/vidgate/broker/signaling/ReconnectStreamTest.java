package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import io.vidgate.emulator.hooks.ObjectsReport;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.kurento.client.ElementConnectionData;
import org.kurento.client.KurentoClient;
import org.kurento.client.WebRtcEndpoint;
import tools.jackson.databind.JsonNode;

/**
 * reconnectStream as openvidu-browser 2.32.2 sends it after an ICE failure (Stream.reconnectStream): for its own
 * stream {stream, sdpString: a new offer}; for a stream it receives, with mediaServer "kurento", {stream, sdpOffer,
 * forciblyReconnect: false}; and the server-offer form (prepareReceiveVideoFrom with reconnect: true, then {stream,
 * sdpString: the answer}). The endpoints are looked at on the emulator: names (the broker names every endpoint), ids,
 * and a subscription's source connection, read with a kurento-client of the test's own.
 */
class ReconnectStreamTest extends SignalingEndToEndSupport {

    @Test
    void publisherReconnectKeepsEverySubscriberConnectedToTheNewEndpoint() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        JsonNode published = alice.result("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER));
        String aliceStream = published.get("id").stringValue();
        long createdAt = published.get("createdAt").longValue();
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo); // server offer
        OpenViduTestClient carol = join(session, Role.PUBLISHER);
        carol.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)); // client offer
        awaitKmsObjects("WebRtcEndpoint", 3);
        String oldPublisher = endpointId(aliceStream);
        String bobSubscription = endpointId(bob.connectionId + "_" + aliceStream);
        String carolSubscription = endpointId(carol.connectionId + "_" + aliceStream);
        assertThat(sourceOf(bobSubscription)).isEqualTo(oldPublisher);
        alice.clearNotifications();
        bob.clearNotifications();
        carol.clearNotifications();

        // Alice's ICE failed: Stream.initWebRtcPeerSend(true) sends a new offer as sdpString.
        JsonNode answer = alice.result("reconnectStream", params("stream", aliceStream, "sdpString", PUBLISH_OFFER));
        assertThat(answer.get("sdpAnswer").stringValue()).startsWith("v=0");
        // openvidu-browser sets streamId and creationTime from the answer: they must stay the stream's.
        assertThat(answer.get("id").stringValue()).isEqualTo(aliceStream);
        assertThat(answer.get("createdAt").longValue()).isEqualTo(createdAt);

        // A new publisher endpoint under the same name; the old one is gone; the subscriptions are the same
        // endpoints (no renegotiation), now fed by the new publisher.
        awaitTrue("the old publisher endpoint released", () -> !liveIds().contains(oldPublisher), Duration.ofSeconds(10));
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(3);
        String newPublisher = endpointId(aliceStream);
        assertThat(newPublisher).isNotEqualTo(oldPublisher);
        assertThat(endpointId(bob.connectionId + "_" + aliceStream)).isEqualTo(bobSubscription);
        assertThat(endpointId(carol.connectionId + "_" + aliceStream)).isEqualTo(carolSubscription);
        assertThat(sourceOf(bobSubscription)).isEqualTo(newPublisher);
        assertThat(sourceOf(carolSubscription)).isEqualTo(newPublisher);

        // ICE for the new connection: KMS's candidates come to Alice, hers go to the new endpoint.
        JsonNode candidate = alice.awaitNotification("iceCandidate");
        assertThat(candidate.get("senderConnectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(alice.iceCandidate(alice.connectionId, CANDIDATE).has("result")).isTrue();

        // Subscribers are told nothing: the stream never went away.
        for (OpenViduTestClient other : List.of(bob, carol)) {
            other.assertNoNotification("participantUnpublished", p -> true, Duration.ofMillis(300));
            other.assertNoNotification("participantPublished", p -> true, Duration.ofMillis(1));
        }

        // A second reconnection works the same; then unpublishing takes the subscriptions along.
        alice.result("reconnectStream", params("stream", aliceStream, "sdpString", PUBLISH_OFFER));
        awaitTrue("the second publisher endpoint released", () -> !liveIds().contains(newPublisher),
                Duration.ofSeconds(10));
        assertThat(sourceOf(carolSubscription)).isEqualTo(endpointId(aliceStream));
        alice.result("unpublishVideo", params());
        awaitKmsObjects("WebRtcEndpoint", 0);
        leaveAndExpectNothingLeft(alice, bob, carol);
    }

    @Test
    void aSubscriptionUnderWayWhileItsPublisherReconnectsIsFedByTheNewEndpoint() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient dave = join(session, Role.SUBSCRIBER);
        // Every connect answers 800 ms late: Dave's connect from Alice's endpoint is still on its way when Alice's
        // reconnection takes over (it moves Dave to the new endpoint and releases the old one).
        kms.latency().forCall("invoke:connect", Duration.ofMillis(800), Duration.ofMillis(800));
        try {
            java.util.concurrent.CompletableFuture<JsonNode> subscribing = dave.send("receiveVideoFrom",
                    params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
            Thread.sleep(150);
            JsonNode reconnected = alice.result("reconnectStream", params("stream", aliceStream,
                    "sdpString", PUBLISH_OFFER));
            assertThat(reconnected.get("sdpAnswer").stringValue()).startsWith("v=0");
            JsonNode answer = subscribing.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(answer.has("result")).as("Dave's subscription: " + answer).isTrue();
        } finally {
            kms.latency().none();
        }
        awaitKmsObjects("WebRtcEndpoint", 2);
        assertThat(sourceOf(endpointId(dave.connectionId + "_" + aliceStream))).isEqualTo(endpointId(aliceStream));
        leaveAndExpectNothingLeft(alice, dave);
    }

    @Test
    void subscriberReconnectReplacesOnlyThatSubscription() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        bob.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        alice.subscribe(bobStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 4);
        String publisher = endpointId(aliceStream);
        String bobsPublisher = endpointId(bobStream);
        String alicesSubscription = endpointId(alice.connectionId + "_" + bobStream);
        String name = bob.connectionId + "_" + aliceStream;
        String old = endpointId(name);
        bob.clearNotifications();

        // With mediaServer "kurento", openvidu-browser reconnects a subscriber with its own offer.
        JsonNode answer = bob.result("reconnectStream", params("stream", aliceStream, "sdpOffer", SUBSCRIBE_OFFER,
                "forciblyReconnect", false));
        assertThat(answer.get("sdpAnswer").stringValue()).startsWith("v=0");
        awaitTrue("the old subscription released", () -> !liveIds().contains(old), Duration.ofSeconds(10));
        String fresh = endpointId(name);
        assertThat(fresh).isNotEqualTo(old);
        assertThat(sourceOf(fresh)).isEqualTo(publisher);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(4);
        // Bob's other media is untouched.
        assertThat(endpointId(bobStream)).isEqualTo(bobsPublisher);
        assertThat(endpointId(alice.connectionId + "_" + bobStream)).isEqualTo(alicesSubscription);
        assertThat(bob.awaitNotification("iceCandidate", p -> is(p, "senderConnectionId", alice.connectionId)))
                .isNotNull();
        assertThat(bob.iceCandidate(alice.connectionId, CANDIDATE).has("result")).isTrue();

        // The server-offer form: prepareReceiveVideoFrom with reconnect: true, then the answer as sdpString.
        String offer = bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true))
                .get("sdpOffer").stringValue();
        awaitKmsObjects("WebRtcEndpoint", 5); // the old one serves until the answer
        assertThat(bob.result("reconnectStream", params("stream", aliceStream,
                "sdpString", BrowserSdp.answerTo(offer), "forciblyReconnect", false)).size()).isZero();
        awaitTrue("the previous subscription released", () -> !liveIds().contains(fresh), Duration.ofSeconds(10));
        awaitKmsObjects("WebRtcEndpoint", 4);
        assertThat(sourceOf(endpointId(name))).isEqualTo(publisher);

        // A prepared reconnection whose answer never comes is replaced by the next one, then released with the
        // subscription: nothing stays behind.
        bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true));
        bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true));
        awaitKmsObjects("WebRtcEndpoint", 5);
        // The subscription is still recorded once.
        assertThat(connection(session, bob.connectionId).orElseThrow().subscribers()).hasSize(1);
        bob.result("unsubscribeFromVideo", params("sender", alice.connectionId));
        awaitKmsObjects("WebRtcEndpoint", 3);

        leaveAndExpectNothingLeft(alice, bob);
    }

    @Test
    void refusalsLeaveEverythingAsItWas() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        bob.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);
        awaitKmsObjects("WebRtcEndpoint", 3);
        String publisher = endpointId(aliceStream);
        String subscription = endpointId(bob.connectionId + "_" + aliceStream);
        List<String> before = liveIds();

        // Not a stream of this session; someone else's stream not received; a stream id of one's own that is not
        // published; someone else's publisher by its id.
        assertRefused(alice.call("reconnectStream", params("stream", "str_CAM_ABCD_con_NOBODY12345",
                "sdpString", PUBLISH_OFFER)), 105);
        assertRefused(carol.call("reconnectStream", params("stream", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)), 105);
        assertRefused(carol.call("reconnectStream", params("stream", "str_CAM_ABCD_" + carol.connectionId,
                "sdpString", PUBLISH_OFFER)), 105);
        assertRefused(alice.call("reconnectStream", params("stream", bobStream, "sdpString", PUBLISH_OFFER)), 105);
        assertRefused(carol.call("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true)), 105);
        // No stream, no SDP; an answer without a prepared reconnection.
        assertRefused(alice.call("reconnectStream", params("sdpString", PUBLISH_OFFER)), -32602);
        assertRefused(alice.call("reconnectStream", params("stream", aliceStream)), -32602);
        assertRefused(bob.call("reconnectStream", params("stream", aliceStream)), -32602);
        assertRefused(bob.call("reconnectStream", params("stream", aliceStream,
                "sdpString", BrowserSdp.answerTo(SUBSCRIBE_OFFER))), 999);
        // Malformed SDPs: refused by the broker, then by KMS (302 each); the old endpoints stay and stay connected.
        for (String bad : List.of("hello", "v=0\r\nm=garbage\r\n")) {
            assertRefused(alice.call("reconnectStream", params("stream", aliceStream, "sdpString", bad)), 302);
            assertRefused(bob.call("reconnectStream", params("stream", aliceStream, "sdpOffer", bad)), 302);
        }
        String offer = bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true))
                .get("sdpOffer").stringValue();
        assertThat(offer).startsWith("v=0");
        assertRefused(bob.call("reconnectStream", params("stream", aliceStream, "sdpString", "v=0\r\nm=garbage\r\n")),
                302);
        awaitTrue("only the endpoints from before (now " + liveIds() + ", before " + before + ")",
                () -> liveIds().equals(before), Duration.ofSeconds(10));
        assertThat(sourceOf(subscription)).isEqualTo(publisher);

        // Still usable afterwards: a good reconnection of each succeeds.
        alice.result("reconnectStream", params("stream", aliceStream, "sdpString", PUBLISH_OFFER));
        bob.result("reconnectStream", params("stream", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        awaitTrue("both replaced", () -> !liveIds().contains(publisher) && !liveIds().contains(subscription),
                Duration.ofSeconds(10));
        assertThat(sourceOf(endpointId(bob.connectionId + "_" + aliceStream))).isEqualTo(endpointId(aliceStream));
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(3);

        leaveAndExpectNothingLeft(alice, bob, carol);
    }

    @Test
    void leavingDuringAReconnectionLeavesNothing() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        // Both ask and leave at once, without waiting for the answers.
        alice.send("reconnectStream", params("stream", aliceStream, "sdpString", PUBLISH_OFFER));
        bob.send("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true));
        alice.send("leaveRoom", params());
        bob.result("leaveRoom", params());
        awaitNoKmsObjects();
    }

    // ---- helpers

    private static void assertRefused(JsonNode response, int code) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        assertThat(response.get("error").get("code").intValue()).as(response.toString()).isEqualTo(code);
        assertThat(response.get("error").get("message").stringValue()).isNotBlank();
    }

    private List<ObjectsReport.Entry> endpoints() {
        return kms.objects().pipelines().stream().flatMap(p -> p.objects().stream())
                .filter(e -> e.type().equals("WebRtcEndpoint")).toList();
    }

    /** Everyone leaves; then no Kurento object may be left. */
    private void leaveAndExpectNothingLeft(OpenViduTestClient... clients) throws InterruptedException {
        for (OpenViduTestClient client : clients) {
            client.result("leaveRoom", params());
        }
        awaitNoKmsObjects();
    }

    private List<String> liveIds() {
        return endpoints().stream().map(ObjectsReport.Entry::id).sorted().toList();
    }

    /** The id of the one live endpoint named so (the broker sets every endpoint's name). */
    private String endpointId(String name) {
        List<String> ids = endpoints().stream().filter(e -> name.equals(e.name())).map(ObjectsReport.Entry::id).toList();
        assertThat(ids).as("endpoints named " + name + " in " + endpoints()).hasSize(1);
        return ids.get(0);
    }

    /** The id of the element feeding an endpoint's video, as KMS reports it. */
    private String sourceOf(String endpointId) {
        KurentoClient client = KurentoClient.create(kms.uri());
        try {
            List<ElementConnectionData> sources = client.getById(endpointId, WebRtcEndpoint.class)
                    .getSourceConnections(org.kurento.client.MediaType.VIDEO);
            assertThat(sources).as("video sources of " + endpointId).hasSize(1);
            return sources.get(0).getSource().getId();
        } finally {
            client.destroy();
        }
    }
}
