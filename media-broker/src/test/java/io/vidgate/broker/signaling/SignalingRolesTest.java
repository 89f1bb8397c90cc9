package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Roles (SUBSCRIBER, PUBLISHER, MODERATOR) and session scope, enforced on the socket. */
class SignalingRolesTest extends SignalingEndToEndSupport {

    @Test
    void aSubscriberCannotPublishAndAPublisherCannotForce() throws Exception {
        String session = newSession();
        OpenViduTestClient publisher = join(session, Role.PUBLISHER);
        OpenViduTestClient subscriber = join(session, Role.SUBSCRIBER);
        String stream = publisher.publish(PUBLISH_OFFER);

        // openvidu-browser maps 401 on publishVideo to OPENVIDU_PERMISSION_DENIED.
        assertThat(subscriber.error("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER))
                .get("code").intValue()).isEqualTo(401);
        assertThat(publisher.error("forceDisconnect", params("connectionId", subscriber.connectionId))
                .get("code").intValue()).isEqualTo(401);
        assertThat(publisher.error("forceUnpublish", params("streamId", stream)).get("code").intValue())
                .isEqualTo(401);
        assertThat(subscriber.error("forceUnpublish", params("streamId", stream)).get("code").intValue())
                .isEqualTo(401);

        // Nothing happened: both still in, the stream still published, one endpoint on kms.
        publisher.assertNoNotification("participantUnpublished", p -> true, Duration.ofMillis(300));
        subscriber.assertNoNotification("participantLeft", p -> true, Duration.ZERO);
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(2);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(1);
        subscriber.subscribe(stream, BrowserSdp::answerTo); // a subscriber may subscribe
        awaitKmsObjects("WebRtcEndpoint", 2);
        publisher.call("leaveRoom", null);
        subscriber.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void aModeratorForceUnpublishesAStreamForEveryoneAndItsEndpointsGo() throws Exception {
        String session = newSession();
        OpenViduTestClient moderator = join(session, Role.MODERATOR);
        OpenViduTestClient publisher = join(session, Role.PUBLISHER);
        OpenViduTestClient subscriber = join(session, Role.SUBSCRIBER);
        String stream = publisher.publish(PUBLISH_OFFER);
        subscriber.subscribe(stream, BrowserSdp::answerTo);
        moderator.result("receiveVideoFrom", params("sender", stream, "sdpOffer", SUBSCRIBE_OFFER));
        awaitKmsObjects("WebRtcEndpoint", 3);

        assertThat(moderator.result("forceUnpublish", params("streamId", stream))).isNotNull();

        // Everyone, the publisher included (openvidu-browser stops its publisher on its own connection id).
        for (OpenViduTestClient client : new OpenViduTestClient[] {publisher, subscriber, moderator}) {
            JsonNode unpublished = client.awaitNotification("participantUnpublished");
            assertThat(unpublished.get("connectionId").stringValue()).isEqualTo(publisher.connectionId);
            assertThat(unpublished.get("reason").stringValue()).isEqualTo("forceUnpublishByUser");
        }
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(connection(session, publisher.connectionId).orElseThrow().publishers()).isEmpty();
        // The publisher is still in and may publish again; the old stream is gone for good.
        assertThat(moderator.error("forceUnpublish", params("streamId", stream)).get("code").intValue())
                .isEqualTo(105);
        publisher.publish(PUBLISH_OFFER);
        awaitKmsObjects("WebRtcEndpoint", 1);
        for (OpenViduTestClient client : new OpenViduTestClient[] {publisher, subscriber, moderator}) {
            client.call("leaveRoom", null);
        }
        awaitNoKmsObjects();
    }

    @Test
    void aModeratorForceDisconnectsAParticipantAndItsEndpointsGo() throws Exception {
        String session = newSession();
        OpenViduTestClient moderator = join(session, Role.MODERATOR);
        OpenViduTestClient target = join(session, Role.PUBLISHER);
        OpenViduTestClient other = join(session, Role.PUBLISHER);
        String targetStream = target.publish(PUBLISH_OFFER);
        String otherStream = other.publish(PUBLISH_OFFER);
        other.subscribe(targetStream, BrowserSdp::answerTo);
        target.subscribe(otherStream, BrowserSdp::answerTo);
        // Both publishers, other ← target, target ← other.
        awaitKmsObjects("WebRtcEndpoint", 4);

        assertThat(moderator.result("forceDisconnect", params("connectionId", target.connectionId))).isNotNull();

        JsonNode evicted = target.awaitNotification("participantEvicted");
        assertThat(evicted.get("connectionId").stringValue()).isEqualTo(target.connectionId);
        assertThat(evicted.get("reason").stringValue()).isEqualTo("forceDisconnectByUser");
        for (OpenViduTestClient client : new OpenViduTestClient[] {moderator, other}) {
            JsonNode left = client.awaitNotification("participantLeft");
            assertThat(left.get("connectionId").stringValue()).isEqualTo(target.connectionId);
            assertThat(left.get("reason").stringValue()).isEqualTo("forceDisconnectByUser");
        }
        // The target's publisher, the subscription to it and its own subscription: only the other's publisher stays.
        awaitKmsObjects("WebRtcEndpoint", 1);
        assertThat(connection(session, target.connectionId)).isEmpty();
        // The evicted socket can do nothing more in the session.
        assertThat(target.error("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)).get("code").intValue())
                .isEqualTo(401);
        assertThat(moderator.error("forceDisconnect", params("connectionId", target.connectionId)).get("code")
                .intValue()).isEqualTo(102);
        moderator.call("leaveRoom", null);
        other.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void aTokenForOneSessionCannotActInAnother() throws Exception {
        String s = newSession();
        String t = newSession();
        OpenViduTestClient inT = join(t, Role.PUBLISHER);
        String streamOfT = inT.publish(PUBLISH_OFFER);

        // A token of S presented for T.
        Grant ofS = newConnection(s, Role.MODERATOR);
        OpenViduTestClient intruder = open();
        JsonNode refused = intruder.joinRoom(ofS.tokenUrl(), t);
        assertThat(refused.get("error").get("code").intValue()).isEqualTo(401);
        assertThat(rooms.session(t).orElseThrow().activeConnections()).hasSize(1);

        // Joined in S (where someone publishes, so S has a pipeline too), a moderator cannot reach T's streams or
        // participants.
        OpenViduTestClient moderatorOfS = open();
        assertThat(moderatorOfS.joinRoom(ofS.tokenUrl(), s).has("result")).isTrue();
        OpenViduTestClient publisherOfS = join(s, Role.PUBLISHER);
        publisherOfS.publish(PUBLISH_OFFER);
        awaitKmsObjects("MediaPipeline", 2);
        JsonNode serverOffer = moderatorOfS.error("prepareReceiveVideoFrom", params("sender", streamOfT,
                "reconnect", false));
        assertThat(serverOffer.get("code").intValue()).isEqualTo(105);
        JsonNode clientOffer = moderatorOfS.error("receiveVideoFrom", params("sender", streamOfT,
                "sdpOffer", SUBSCRIBE_OFFER));
        assertThat(clientOffer.get("code").intValue()).isEqualTo(105);
        assertThat(moderatorOfS.error("forceUnpublish", params("streamId", streamOfT)).get("code").intValue())
                .isEqualTo(105);
        assertThat(moderatorOfS.error("forceDisconnect", params("connectionId", inT.connectionId)).get("code")
                .intValue()).isEqualTo(102);
        assertThat(moderatorOfS.error("sendMessage", params("message",
                "{\"to\":[\"" + inT.connectionId + "\"],\"data\":\"x\",\"type\":\"signal\"}")).get("code").intValue())
                .isEqualTo(601);

        // T is untouched: its participant was told nothing, nobody subscribed across, one endpoint per session.
        inT.assertNoNotification("participantUnpublished", p -> true, Duration.ofMillis(300));
        assertThat(inT.queued()).doesNotContain("participantEvicted", "sendMessage", "participantJoined");
        assertThat(connection(s, moderatorOfS.connectionId).orElseThrow().subscribers()).isEmpty();
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
        inT.call("leaveRoom", null);
        moderatorOfS.call("leaveRoom", null);
        publisherOfS.call("leaveRoom", null);
        awaitNoKmsObjects();
    }
}
