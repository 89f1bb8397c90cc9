package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact.MediaServerLost;
import io.vidgate.broker.facts.Fact.MediaServerRecovered;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The KMS restarts or goes away under connected participants: they are told ({@code mediaError}, then
 * {@code participantUnpublished} with reason {@code mediaServerDisconnect}), the broker forgets the dead objects,
 * a publish with no KMS fails at once with a clear error, and once the KMS is back publishing works again. The facts
 * of that way out, too: every WebRtcEndpoint ends with {@code mediaServerDisconnect}, the loss and the recovery are
 * facts. The liveness settings here are short; the other ways out are tested apart, where a slow machine cannot make
 * them lose their KMS.
 */
@TestPropertySource(properties = {"vidgate.kurento.liveness-interval=300ms", "vidgate.kurento.liveness-timeout=1s",
        "vidgate.kurento.loss-after=2s"})
class KmsLossTest extends SignalingEndToEndSupport {

    @Autowired
    KmsPool pool;

    @Autowired
    PipelineManager pipelines;

    @AfterEach
    void kmsBack() {
        kms.faults().clear();
    }

    @Test
    void aKmsRestartUnpublishesEveryStreamAndPublishingWorksAgain() throws Exception {
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);

        kms.restart(); // every object gone, a new server session

        for (OpenViduTestClient client : new OpenViduTestClient[] {alice, bob}) {
            JsonNode error = client.awaitNotification("mediaError");
            assertThat(error.get("error").stringValue()).isNotBlank();
            JsonNode unpublished = client.awaitNotification("participantUnpublished");
            assertThat(unpublished.get("connectionId").stringValue()).isEqualTo(alice.connectionId);
            assertThat(unpublished.get("reason").stringValue()).isEqualTo("mediaServerDisconnect");
        }
        // The broker forgot the dead objects: no stream, no pipeline for the session; both still in.
        assertThat(connection(session, alice.connectionId).orElseThrow().publishers()).isEmpty();
        assertThat(connection(session, bob.connectionId).orElseThrow().subscribers()).isEmpty();
        assertThat(pipelines.pipelineCount()).isZero(); // the only KMS restarted: no pipeline is left
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(2);
        assertThat(bob.error("unsubscribeFromVideo", OpenViduTestClient.params("sender", alice.connectionId))
                .get("code").intValue()).isEqualTo(105);

        // The KMS is back: publishing and subscribing work again, on fresh objects.
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        String again = alice.publish(PUBLISH_OFFER);
        bob.subscribe(again, BrowserSdp::answerTo);
        String bobStream = bob.publish(PUBLISH_OFFER);
        alice.subscribe(bobStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 4);
        alice.call("leaveRoom", null);
        bob.call("leaveRoom", null);
        awaitNoKmsObjects();
    }

    @Test
    void withNoKmsPublishingFailsAtOnceAndWorksWhenItIsBack() throws Exception {
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);

        // The KMS dies and stays down (connections refused).
        kms.faults().refuseConnections(true);
        kms.restart();
        JsonNode unpublished = alice.awaitNotification("participantUnpublished");
        assertThat(unpublished.get("reason").stringValue()).isEqualTo("mediaServerDisconnect");
        awaitTrue("no healthy KMS", () -> pool.leastLoaded().isEmpty(), Duration.ofSeconds(10));

        // A new session meanwhile: joining works (no media needed), publishing fails at once with a clear error.
        String other = newSession();
        OpenViduTestClient bob = join(other, Role.PUBLISHER);
        for (OpenViduTestClient client : new OpenViduTestClient[] {alice, bob}) {
            long started = System.nanoTime();
            JsonNode refused = client.error("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(refused.get("code").intValue()).isEqualTo(301);
            assertThat(refused.get("message").stringValue()).contains("Kurento");
        }
        assertThat(connection(other, bob.connectionId).orElseThrow().publishers()).isEmpty();
        assertThat(alice.error("prepareReceiveVideoFrom", OpenViduTestClient.params("sender", aliceStream,
                "reconnect", false)).get("code").intValue()).isEqualTo(105);

        // Back: both sessions publish.
        kms.faults().refuseConnections(false);
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(15))).isTrue();
        alice.publish(PUBLISH_OFFER);
        String bobStream = bob.publish(PUBLISH_OFFER);
        OpenViduTestClient carol = join(other, Role.SUBSCRIBER);
        carol.subscribe(bobStream, BrowserSdp::answerTo);
        awaitKmsObjects("MediaPipeline", 2);
        awaitKmsObjects("WebRtcEndpoint", 3);
        for (OpenViduTestClient client : new OpenViduTestClient[] {alice, bob, carol}) {
            client.call("leaveRoom", null);
        }
        awaitNoKmsObjects();
    }

    @Test
    void aLostKmsDestroysEveryConnectionWithMediaServerDisconnectAndTheParticipantsStay() throws Exception {
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);
        Map<String, String> names = Map.of(alice.connectionId, "alice", bob.connectionId, "bob");
        assertThat(facts.awaitLines(session, 5, names)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "participantJoined bob",
                "webrtcConnectionCreated OUTBOUND alice",
                "webrtcConnectionCreated INBOUND bob<-alice");

        kms.restart(); // every object gone, a new server session

        MediaServerLost lost = facts.await(MediaServerLost.class, l -> l.sessionIds().contains(session));
        assertThat(lost.why()).isNotBlank();
        List<String> lines = facts.awaitLines(session, 7, names);
        assertThat(lines.subList(5, 7)).as("all: " + lines).containsExactlyInAnyOrder(
                "webrtcConnectionDestroyed OUTBOUND alice mediaServerDisconnect",
                "webrtcConnectionDestroyed INBOUND bob<-alice mediaServerDisconnect");
        // Both stay: nobody left, the session is not destroyed.
        facts.assertNoMore(session, 7, Duration.ofMillis(700), names);
        assertThat(rest("GET", "/openvidu/api/sessions/" + session, null).status()).isEqualTo(200);

        // Back: the broker told of it, and recreated nothing for the session until someone publishes.
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(15))).isTrue();
        MediaServerRecovered recovered = facts.await(MediaServerRecovered.class,
                r -> r.timestamp() >= lost.timestamp());
        assertThat(recovered.mediaServer()).isEqualTo(lost.mediaServer());
        awaitNoKmsObjects();

        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();
        assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(session, 10, names).subList(7, 10)).containsExactly(
                "participantLeft alice disconnect",
                "participantLeft bob disconnect",
                "sessionDestroyed lastParticipantLeft");
        facts.assertInOpenViduOrder(session);
        awaitNoKmsObjects();
    }
}
