package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Participants that go away without leaveRoom: sockets killed (no close frame) are evicted after the reconnect grace,
 * silent sockets after the ping timeout, and everything they caused on Kurento is released; a participant whose
 * socket died and who comes back with {@code connect} within the grace keeps its place and its media.
 */
@TestPropertySource(properties = {"vidgate.signaling.ping-timeout=" + SignalingLifecycleTest.PING_TIMEOUT_MS + "ms",
        "vidgate.signaling.reconnect-grace=" + SignalingLifecycleTest.GRACE_MS + "ms"})
class SignalingLifecycleTest extends SignalingEndToEndSupport {

    // Ten pings (every 500 ms) fit in the timeout: a busy CI machine stalling a client for a second or two must not
    // look like a frozen tab.
    static final long PING_TIMEOUT_MS = 5000;
    static final long GRACE_MS = 3000;
    /** Long enough for an eviction to have happened (the checks run every tenth of the ping timeout). */
    static final Duration EVICTED_WITHIN = Duration.ofMillis(Math.max(PING_TIMEOUT_MS, GRACE_MS) + 3000);

    @Test
    void killedSocketsAreEvictedAfterTheGraceAndLeaveNothingOnKurento() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        alice.subscribe(bobStream, BrowserSdp::answerTo);
        bob.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        carol.subscribe(aliceStream, BrowserSdp::answerTo);
        carol.result("receiveVideoFrom", params("sender", bobStream, "sdpOffer", SUBSCRIBE_OFFER));
        awaitKmsObjects("WebRtcEndpoint", 6);

        alice.abort();
        bob.abort();

        // Not at once: they may come back within the grace period…
        carol.assertNoNotification("participantLeft", p -> true, Duration.ofMillis(GRACE_MS / 2));
        // …but they do not: Carol is told, with OpenVidu's reason, and their endpoints and hers go.
        for (OpenViduTestClient gone : new OpenViduTestClient[] {alice, bob}) {
            JsonNode left = carol.awaitNotification("participantLeft", p -> is(p, "connectionId", gone.connectionId),
                    EVICTED_WITHIN);
            assertThat(left.get("reason").stringValue()).isEqualTo("networkDisconnect");
        }
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1); // Carol is still in
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(1);

        // An evicted participant cannot resume any more.
        OpenViduTestClient late = open();
        JsonNode refused = late.error("connect", params("sessionId", alice.rpcSessionId, "reconnect", true));
        assertThat(refused.get("code").intValue()).isEqualTo(40007);
        assertThat(refused.get("message").stringValue()).isEqualTo("reconnection error");

        // The last one goes the same way: the pipeline is released with her.
        carol.abort();
        awaitTrue("Carol evicted", () -> rooms.session(session)
                .map(s -> s.activeConnections().isEmpty()).orElse(true), EVICTED_WITHIN);
        awaitNoKmsObjects();
    }

    @Test
    void aSilentSocketIsClosedAndItsParticipantEvictedAfterThePingTimeout() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);

        long frozeAt = System.nanoTime();
        alice.stopPinging(); // a frozen tab: the TCP connection stays, nothing is sent on it

        JsonNode left = bob.awaitNotification("participantLeft", p -> is(p, "connectionId", alice.connectionId),
                EVICTED_WITHIN);
        assertThat(left.get("reason").stringValue()).isEqualTo("networkDisconnect");
        assertThat(Duration.ofNanos(System.nanoTime() - frozeAt)).isGreaterThanOrEqualTo(
                Duration.ofMillis(PING_TIMEOUT_MS - 200));
        assertThat(alice.closed().get(5, TimeUnit.SECONDS)).as("the broker closed the silent socket").isNotNull();
        awaitKmsObjects("WebRtcEndpoint", 0);
        // Bob, who pings, stays.
        bob.assertNoNotification("participantEvicted", p -> true, Duration.ofMillis(PING_TIMEOUT_MS + 500));
        assertThat(bob.result("ping", params()).get("value").stringValue()).isEqualTo("pong");
        assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
        awaitNoKmsObjects();
    }

    @Test
    void participantsThatGoWhileTheirMediaIsBeingNegotiatedLeaveNothingBehind() throws Exception {
        kms.latency().fixed(Duration.ofMillis(150)); // so that the KMS calls are still in flight when they go
        try {
            // The only participant leaves while its first publish (which creates the pipeline) is in flight.
            String lonely = newSession();
            OpenViduTestClient alone = join(lonely, Role.PUBLISHER);
            var publishing = alone.send("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER));
            assertThat(alone.call("leaveRoom", null).has("result")).isTrue();
            publishing.get(10, TimeUnit.SECONDS); // answered one way or the other
            awaitNoKmsObjects();

            // Two participants: one dies (socket killed) mid-publish, one leaves mid-subscribe.
            String session = newSession();
            OpenViduTestClient alice = join(session, Role.PUBLISHER);
            OpenViduTestClient bob = join(session, Role.PUBLISHER);
            OpenViduTestClient carol = join(session, Role.SUBSCRIBER);
            String bobStream = bob.publish(PUBLISH_OFFER);
            alice.send("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER));
            alice.abort();
            var subscribing = carol.send("receiveVideoFrom", params("sender", bobStream, "sdpOffer", SUBSCRIBE_OFFER));
            assertThat(carol.call("leaveRoom", null).has("result")).isTrue();
            subscribing.get(10, TimeUnit.SECONDS);
            bob.awaitNotification("participantLeft", p -> is(p, "connectionId", alice.connectionId), EVICTED_WITHIN);
            awaitKmsObjects("WebRtcEndpoint", 1); // Bob's publisher only
            assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(1);
            assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
            awaitNoKmsObjects();
        } finally {
            kms.latency().none();
        }
    }

    @Test
    void aParticipantWhoseSocketDiedResumesWithConnectAndKeepsItsMedia() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);

        alice.abort();
        // openvidu-browser reconnects its socket and sends connect with the RPC session id of joinRoom.
        OpenViduTestClient resumed = open();
        JsonNode answer = resumed.result("connect", params("sessionId", alice.rpcSessionId, "reconnect", true));
        assertThat(answer.get("sessionId").stringValue()).isEqualTo(alice.rpcSessionId);
        resumed.connectionId = alice.connectionId;

        // Still there after the grace period: not evicted, its publisher and Bob's subscription alive.
        bob.assertNoNotification("participantLeft", p -> true, Duration.ofMillis(GRACE_MS + 1000));
        assertThat(connection(session, alice.connectionId).orElseThrow().publishers())
                .extracting(p -> p.streamId()).containsExactly(aliceStream);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);

        // Its notifications now come on the new socket…
        bob.result("sendMessage", params("message",
                "{\"to\":[\"" + alice.connectionId + "\"],\"data\":\"still there?\",\"type\":\"signal:chat\"}"));
        assertThat(resumed.awaitNotification("sendMessage").get("from").stringValue()).isEqualTo(bob.connectionId);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);
        assertThat(resumed.awaitNotification("participantJoined").get("id").stringValue())
                .isEqualTo(carol.connectionId);
        // …and it acts on its media from there.
        assertThat(resumed.iceCandidate(alice.connectionId, CANDIDATE).has("result")).isTrue();
        assertThat(resumed.call("unpublishVideo", null).has("result")).isTrue();
        JsonNode unpublished = bob.awaitNotification("participantUnpublished");
        assertThat(unpublished.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
        awaitKmsObjects("WebRtcEndpoint", 0);
        assertThat(resumed.call("leaveRoom", null).has("result")).isTrue();
        assertThat(bob.awaitNotification("participantLeft").get("reason").stringValue()).isEqualTo("disconnect");

        // The RPC session id of a participant that left is stale; an unknown one is refused the same way.
        for (String stale : new String[] {alice.rpcSessionId, "rpc_unknownUnknownUnknown", ""}) {
            JsonNode refused = open().error("connect", params("sessionId", stale, "reconnect", true));
            assertThat(refused.get("code").intValue()).as(stale).isEqualTo(40007);
            assertThat(refused.get("message").stringValue()).isEqualTo("reconnection error");
        }
        // Nothing of that harmed the others.
        assertThat(bob.result("ping", params()).get("value").stringValue()).isEqualTo("pong");
        bob.call("leaveRoom", null);
        carol.call("leaveRoom", null);
        awaitNoKmsObjects();
    }
}
