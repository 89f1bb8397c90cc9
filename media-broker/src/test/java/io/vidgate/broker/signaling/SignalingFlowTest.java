package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The everyday flow on real sockets, with openvidu-browser 2.32's frames: join, publish, others join and subscribe
 * (server offer and client offer), ICE both ways, signals and property changes, unsubscribe, unpublish, leave; the
 * notifications with their fields; and nothing left on Kurento once everyone is gone.
 */
class SignalingFlowTest extends SignalingEndToEndSupport {

    @Test
    void joinPublishSubscribeTrickleUnpublishAndLeaveLeavesNothingOnKurento() throws Exception {
        String session = newSession();

        // Alice joins an empty session.
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        assertThat(alice.result("ping", params()).get("value").stringValue()).isEqualTo("pong");

        // She publishes; KMS's candidates for her publisher come back as iceCandidate, owned by her connection.
        String aliceStream = alice.publish(PUBLISH_OFFER);
        assertThat(aliceStream).startsWith("str_CAM_").endsWith(alice.connectionId);
        JsonNode ownCandidate = alice.awaitNotification("iceCandidate");
        assertThat(ownCandidate.get("senderConnectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(ownCandidate.get("endpointName").stringValue()).isNotEmpty();
        assertThat(ownCandidate.get("candidate").stringValue()).startsWith("candidate:");
        assertThat(ownCandidate.get("sdpMid").isString()).isTrue();
        assertThat(ownCandidate.get("sdpMLineIndex").isInt()).isTrue();
        // Her browser trickles its own candidates: endpointName is the stream's connection id (Connection.js).
        assertThat(alice.iceCandidate(alice.connectionId, CANDIDATE).has("result")).isTrue();

        // Bob joins: he sees Alice and her stream in the answer's value; Alice is told participantJoined.
        OpenViduTestClient bob = open();
        Grant bobGrant = newConnection(session, Role.SUBSCRIBER);
        JsonNode bobJoin = bob.joinRoom(bobGrant.tokenUrl(), session).get("result");
        assertThat(bobJoin.get("id").stringValue()).isEqualTo(bobGrant.connectionId());
        assertThat(bobJoin.get("session").stringValue()).isEqualTo(session);
        assertThat(bobJoin.get("role").stringValue()).isEqualTo("SUBSCRIBER");
        assertThat(bobJoin.get("version").stringValue()).startsWith("2.32.");
        assertThat(bobJoin.get("mediaServer").stringValue()).isEqualTo("kurento");
        assertThat(bobJoin.get("metadata").stringValue()).isEqualTo("{\"clientData\":\"test\"}");
        assertThat(bobJoin.get("customIceServers").isArray()).isTrue();
        assertThat(bobJoin.get("sessionId").stringValue()).isNotEmpty();
        assertThat(bobJoin.get("value")).hasSize(1);
        JsonNode aliceSeen = bobJoin.get("value").get(0);
        assertThat(aliceSeen.get("id").stringValue()).isEqualTo(alice.connectionId);
        assertThat(aliceSeen.get("createdAt").longValue()).isPositive();
        assertThat(aliceSeen.get("streams")).hasSize(1);
        JsonNode streamSeen = aliceSeen.get("streams").get(0);
        assertThat(streamSeen.get("id").stringValue()).isEqualTo(aliceStream);
        assertThat(streamSeen.get("hasAudio").booleanValue()).isTrue();
        assertThat(streamSeen.get("hasVideo").booleanValue()).isTrue();
        assertThat(streamSeen.get("audioActive").booleanValue()).isTrue();
        assertThat(streamSeen.get("videoActive").booleanValue()).isTrue();
        assertThat(streamSeen.get("typeOfVideo").stringValue()).isEqualTo("CAMERA");
        assertThat(streamSeen.get("frameRate").intValue()).isEqualTo(30);
        assertThat(streamSeen.get("videoDimensions").stringValue()).isEqualTo("{\"width\":640,\"height\":480}");
        JsonNode joined = alice.awaitNotification("participantJoined");
        assertThat(joined.get("id").stringValue()).isEqualTo(bob.connectionId);
        assertThat(joined.get("createdAt").longValue()).isPositive();
        assertThat(joined.get("metadata").stringValue()).isEqualTo("{\"clientData\":\"test\"}");

        // Bob subscribes with a server offer (openvidu-browser's default) and gets candidates for that
        // subscription: senderConnectionId is Alice's, which is what Session.recvIceCandidate looks the peer up by.
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        JsonNode subCandidate = bob.awaitNotification("iceCandidate");
        assertThat(subCandidate.get("senderConnectionId").stringValue()).isEqualTo(alice.connectionId);
        assertThat(subCandidate.get("candidate").stringValue()).startsWith("candidate:");
        JsonNode bobTrickles = bob.iceCandidate(alice.connectionId, CANDIDATE);
        assertThat(bobTrickles.has("result")).as(bobTrickles.toString()).isTrue();

        // Carol joins as a publisher, subscribes with her own offer, and publishes: Alice and Bob are told
        // participantPublished with the Connection shape.
        OpenViduTestClient carol = join(session, Role.PUBLISHER);
        JsonNode carolAnswer = carol.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer",
                SUBSCRIBE_OFFER));
        assertThat(carolAnswer.get("sdpAnswer").stringValue()).startsWith("v=0");
        assertThat(carol.awaitNotification("iceCandidate",
                p -> is(p, "senderConnectionId", alice.connectionId))).isNotNull();
        String carolStream = carol.publish(PUBLISH_OFFER);
        for (OpenViduTestClient other : new OpenViduTestClient[] {alice, bob}) {
            assertThat(other.awaitNotification("participantJoined").get("id").stringValue())
                    .isEqualTo(carol.connectionId);
            JsonNode published = other.awaitNotification("participantPublished");
            assertThat(published.get("id").stringValue()).isEqualTo(carol.connectionId);
            assertThat(published.get("createdAt").longValue()).isPositive();
            assertThat(published.get("streams")).hasSize(1);
            JsonNode stream = published.get("streams").get(0);
            assertThat(stream.get("id").stringValue()).isEqualTo(carolStream);
            assertThat(stream.get("typeOfVideo").stringValue()).isEqualTo("CAMERA");
            assertThat(stream.get("hasAudio").booleanValue()).isTrue();
            assertThat(stream.get("videoDimensions").stringValue()).isEqualTo("{\"width\":640,\"height\":480}");
        }
        alice.subscribe(carolStream, BrowserSdp::answerTo);
        assertThat(alice.iceCandidate(carol.connectionId, CANDIDATE).has("result")).isTrue();
        // Alice's publisher, Carol's publisher, Bob ← Alice, Carol ← Alice, Alice ← Carol.
        awaitKmsObjects("WebRtcEndpoint", 5);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);

        // A signal from Alice to Bob, and Alice mutes her microphone.
        alice.result("sendMessage", params("message",
                "{\"to\":[\"" + bob.connectionId + "\"],\"data\":\"hello\",\"type\":\"signal:chat\"}"));
        JsonNode signal = bob.awaitNotification("sendMessage");
        assertThat(signal.get("from").stringValue()).isEqualTo(alice.connectionId);
        assertThat(signal.get("data").stringValue()).isEqualTo("hello");
        assertThat(signal.get("type").stringValue()).isEqualTo("signal:chat");
        alice.result("streamPropertyChanged", params("streamId", aliceStream, "property", "audioActive",
                "newValue", false, "reason", "publishAudio"));
        for (OpenViduTestClient other : new OpenViduTestClient[] {bob, carol}) {
            JsonNode changed = other.awaitNotification("streamPropertyChanged");
            assertThat(changed.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
            assertThat(changed.get("streamId").stringValue()).isEqualTo(aliceStream);
            assertThat(changed.get("property").stringValue()).isEqualTo("audioActive");
            assertThat(changed.get("newValue").stringValue()).isEqualTo("false");
            assertThat(changed.get("reason").stringValue()).isEqualTo("publishAudio");
        }

        // Bob unsubscribes as Session.unsubscribe does it: sender is the publisher's connection id.
        bob.result("unsubscribeFromVideo", params("sender", alice.connectionId));
        awaitKmsObjects("WebRtcEndpoint", 4);

        // Alice unpublishes (no params): Bob and Carol are told; her endpoint and Carol's subscription go.
        JsonNode unpublished = alice.call("unpublishVideo", null);
        assertThat(unpublished.has("result")).as(unpublished.toString()).isTrue();
        for (OpenViduTestClient other : new OpenViduTestClient[] {bob, carol}) {
            JsonNode event = other.awaitNotification("participantUnpublished");
            assertThat(event.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
            assertThat(event.get("reason").stringValue()).isEqualTo("unpublish");
        }
        awaitKmsObjects("WebRtcEndpoint", 2);

        // Alice leaves: the others are told participantLeft (reason disconnect); her subscription goes.
        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();
        for (OpenViduTestClient other : new OpenViduTestClient[] {bob, carol}) {
            JsonNode left = other.awaitNotification("participantLeft");
            assertThat(left.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
            assertThat(left.get("reason").stringValue()).isEqualTo("disconnect");
        }
        awaitKmsObjects("WebRtcEndpoint", 1);
        assertThat(carol.call("leaveRoom", null).has("result")).isTrue();
        JsonNode carolLeft = bob.awaitNotification("participantLeft");
        assertThat(carolLeft.get("connectionId").stringValue()).isEqualTo(carol.connectionId);
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1); // Bob is still there

        // The last participant leaves: the pipeline goes with him.
        assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
        awaitNoKmsObjects();
        assertThat(rooms.session(session)).as("closed with its last participant").isEmpty();
    }
}
