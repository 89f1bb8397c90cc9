package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact.MediaServerLost;
import io.vidgate.broker.facts.Fact.MediaServerRecovered;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The last way out: the KMS under a session is lost. Every WebRtcEndpoint of the session ends with
 * {@code mediaServerDisconnect}, the loss itself is a fact naming the session, and the participants stay (they may
 * publish again once the KMS is back). Its own class: the short liveness settings of {@link KmsLossTest} would make
 * the other ways out's tests sensitive to a slow machine.
 */
@TestPropertySource(properties = {"vidgate.kurento.liveness-interval=300ms", "vidgate.kurento.liveness-timeout=1s",
        "vidgate.kurento.loss-after=2s"})
@Import(RecordedFacts.InContext.class)
class MediaServerLossFactsTest extends SignalingEndToEndSupport {

    @Autowired
    KmsPool pool;

    @Autowired
    RecordedFacts facts;

    @AfterEach
    void kmsBack() {
        kms.faults().clear();
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
