package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The REST API (what the gateway's facade calls) acting on connected participants: DELETE of a connection, a stream,
 * a session reaches the sockets with OpenVidu's notifications and reasons, and releases the Kurento objects.
 */
class RestInterplayTest extends SignalingEndToEndSupport {

    /** Alice and Bob publish and see each other: 4 endpoints. */
    private OpenViduTestClient[] crossSubscribed(String session) throws InterruptedException {
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        alice.subscribe(bobStream, BrowserSdp::answerTo);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 4);
        alice.clearNotifications();
        bob.clearNotifications();
        return new OpenViduTestClient[] {alice, bob};
    }

    @Test
    void deletingAConnectionEvictsItsParticipant() throws Exception {
        String session = newSession();
        OpenViduTestClient[] both = crossSubscribed(session);
        OpenViduTestClient alice = both[0];
        OpenViduTestClient bob = both[1];

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session + "/connection/" + alice.connectionId, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        JsonNode evicted = alice.awaitNotification("participantEvicted");
        assertThat(evicted.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(evicted.get("reason").stringValue()).isEqualTo("forceDisconnectByServer");
        JsonNode left = bob.awaitNotification("participantLeft");
        assertThat(left.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(left.get("reason").stringValue()).isEqualTo("forceDisconnectByServer");
        // Alice's publisher, Bob's subscription to it, Alice's subscription to Bob: only Bob's publisher stays.
        awaitKmsObjects("WebRtcEndpoint", 1);
        assertThat(rest("GET", "/openvidu/api/sessions/" + session + "/connection/" + alice.connectionId, null)
                .status()).isEqualTo(404);
        bob.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void deletingAStreamUnpublishesItForEveryone() throws Exception {
        String session = newSession();
        OpenViduTestClient[] both = crossSubscribed(session);
        OpenViduTestClient alice = both[0];
        OpenViduTestClient bob = both[1];
        String aliceStream = connection(session, alice.connectionId).orElseThrow().publishers().get(0)
                .streamId();

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session + "/stream/" + aliceStream, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        for (OpenViduTestClient client : both) {
            JsonNode unpublished = client.awaitNotification("participantUnpublished");
            assertThat(unpublished.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
            assertThat(unpublished.get("reason").stringValue()).isEqualTo("forceUnpublishByServer");
        }
        // Alice's publisher and Bob's subscription to it.
        awaitKmsObjects("WebRtcEndpoint", 2);
        // Both are still in: Alice publishes again.
        alice.publish(PUBLISH_OFFER);
        awaitKmsObjects("WebRtcEndpoint", 3);
        alice.call("leaveRoom", null);
        bob.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void deletingASessionEvictsEveryoneAndReleasesItsPipeline() throws Exception {
        String session = newSession();
        OpenViduTestClient[] both = crossSubscribed(session);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);

        Http deleted = rest("DELETE", "/openvidu/api/sessions/" + session, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        for (OpenViduTestClient client : new OpenViduTestClient[] {both[0], both[1], carol}) {
            JsonNode evicted = client.awaitNotification("participantEvicted",
                    p -> is(p, "connectionId", client.connectionId));
            assertThat(evicted.get("reason").stringValue()).isEqualTo("sessionClosedByServer");
        }
        awaitNoKmsObjects();
        assertThat(rooms.session(session)).isEmpty();
        // The sockets are not joined any more.
        assertThat(carol.error("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)).get("code").intValue())
                .isEqualTo(401);
    }
}
