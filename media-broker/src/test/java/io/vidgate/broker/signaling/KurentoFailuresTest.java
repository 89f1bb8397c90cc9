package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.vidgate.broker.kms.KmsNode;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.emulator.hooks.FaultRule;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Kurento failing under the media methods, as the chaos soak made it fail (bench/chaos-soak): a KMS error in any step
 * of any media method is answered with OpenVidu's media error (301), never the JSON-RPC internal error; a KMS that
 * never answers a call fails that method after {@code vidgate.kurento.request-timeout}, releases what the step
 * created, and is not taken for lost.
 */
@TestPropertySource(properties = "vidgate.kurento.request-timeout=2s")
class KurentoFailuresTest extends SignalingEndToEndSupport {

    @Autowired
    KmsPool pool;

    @AfterEach
    void noFaultsLeft() {
        kms.faults().clear();
    }

    private void failNext(String call) {
        kms.faults().failNext(FaultRule.error(call, 1));
    }

    private static void assertMediaError(JsonNode response) {
        assertThat(response.has("error")).as(response.toString()).isTrue();
        assertThat(response.get("error").get("code").intValue()).as(response.toString())
                .isEqualTo(RpcException.MEDIA_GENERIC);
    }

    private static void assertAnswered(JsonNode response) {
        assertThat(response.has("result")).as(response.toString()).isTrue();
    }

    @Test
    void aKurentoErrorInAnyStepOfPublishingOrSubscribingIsOpenViduMediaError() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        failNext("processOffer");
        assertMediaError(alice.call("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)));
        failNext("gatherCandidates");
        assertMediaError(alice.call("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)));
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);

        // Server offer: the offer, the answer, the gathering after it.
        failNext("generateOffer");
        assertMediaError(bob.call("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", false)));
        for (String step : new String[] {"processAnswer", "gatherCandidates"}) {
            String offer = bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", false))
                    .get("sdpOffer").stringValue();
            failNext(step);
            assertMediaError(bob.call("receiveVideoFrom",
                    params("sender", aliceStream, "sdpAnswer", BrowserSdp.answerTo(offer))));
        }
        // Client offer: the connect from the publisher, the answer, the gathering.
        for (String step : new String[] {"invoke:connect", "processOffer", "gatherCandidates"}) {
            failNext(step);
            assertMediaError(bob.call("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)));
        }
        awaitKmsObjects("WebRtcEndpoint", 1); // what the failed steps created is released

        // Still usable: both forms work afterwards.
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);
        carol.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        awaitKmsObjects("WebRtcEndpoint", 3);
        leaveAll(alice, bob, carol);
    }

    @Test
    void aKurentoErrorInAReconnectionIsOpenViduMediaError() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);

        for (String step : new String[] {"processOffer", "gatherCandidates"}) {
            failNext(step);
            assertMediaError(alice.call("reconnectStream", params("stream", aliceStream, "sdpString", PUBLISH_OFFER)));
            failNext(step);
            assertMediaError(bob.call("reconnectStream", params("stream", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)));
        }
        failNext("generateOffer");
        assertMediaError(bob.call("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true)));
        for (String step : new String[] {"processAnswer", "gatherCandidates"}) {
            String offer = bob.result("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", true))
                    .get("sdpOffer").stringValue();
            failNext(step);
            assertMediaError(bob.call("reconnectStream",
                    params("stream", aliceStream, "sdpString", BrowserSdp.answerTo(offer))));
        }
        awaitKmsObjects("WebRtcEndpoint", 2); // the replacements are gone, the streams keep their endpoints
        leaveAll(alice, bob);
    }

    /** Steps whose Kurento call is best effort: the participant's request is answered whatever KMS says. */
    @Test
    void aKurentoErrorInACandidateOrAReleaseStillAnswersTheParticipant() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        bob.subscribe(aliceStream, BrowserSdp::answerTo);

        failNext("addIceCandidate");
        assertAnswered(alice.iceCandidate(alice.connectionId, CANDIDATE));
        failNext("release");
        assertAnswered(bob.call("unsubscribeFromVideo", params("sender", alice.connectionId)));
        failNext("release");
        assertAnswered(alice.call("unpublishVideo", params()));
        leaveAll(alice, bob);
    }

    @Test
    void anUnansweredKurentoCallFailsTheMethodReleasesWhatItCreatedAndLosesNoKms() throws Exception {
        KmsNode node = pool.nodes().get(0);
        long generation = node.generation();
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        kms.faults().failNext(FaultRule.noResponse("processOffer", 1));
        assertMediaError(alice.call("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)));
        awaitKmsObjects("WebRtcEndpoint", 0);
        String aliceStream = alice.publish(PUBLISH_OFFER);

        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        kms.faults().failNext(FaultRule.noResponse("processOffer", 1));
        assertMediaError(bob.call("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)));
        kms.faults().failNext(FaultRule.noResponse("generateOffer", 1));
        assertMediaError(bob.call("prepareReceiveVideoFrom", params("sender", aliceStream, "reconnect", false)));
        awaitKmsObjects("WebRtcEndpoint", 1);

        assertThat(node.generation()).as("KMS generation (a loss moves it on)").isEqualTo(generation);
        assertThat(node.healthy()).isTrue();
        bob.subscribe(aliceStream, BrowserSdp::answerTo);
        awaitKmsObjects("WebRtcEndpoint", 2);
        leaveAll(alice, bob);
    }

    /** KMS creates the endpoint after the broker gave up on it: the late answer's object is released, not leaked. */
    @Test
    void whatASlowKurentoCreatesAfterTheTimeoutIsReleased() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        String aliceStream = alice.publish(PUBLISH_OFFER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        long releases = kms.calls().byMethod().getOrDefault("release", 0L);
        kms.latency().forCall("create:WebRtcEndpoint", Duration.ofSeconds(3), Duration.ofSeconds(3));
        try {
            assertMediaError(bob.call("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER)));
        } finally {
            kms.latency().none();
        }
        awaitTrue("the endpoint KMS created late released, and no other",
                () -> kms.calls().byMethod().getOrDefault("release", 0L) > releases
                        && kms.objects().count("WebRtcEndpoint") == 1, Duration.ofSeconds(10));
        bob.result("receiveVideoFrom", params("sender", aliceStream, "sdpOffer", SUBSCRIBE_OFFER));
        leaveAll(alice, bob);
    }

    /** The same for the session's first publish, whose pipeline and endpoint are created in one transaction. */
    @Test
    void whatASlowKurentoCreatesInATransactionAfterTheTimeoutIsReleased() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        long releases = kms.calls().byMethod().getOrDefault("release", 0L);
        kms.latency().forCall("transaction", Duration.ofSeconds(3), Duration.ofSeconds(3));
        try {
            assertMediaError(alice.call("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)));
        } finally {
            kms.latency().none();
        }
        awaitTrue("the pipeline and endpoint KMS created late released",
                () -> kms.calls().byMethod().getOrDefault("release", 0L) > releases && kms.objects().total() == 0,
                Duration.ofSeconds(10));
        alice.publish(PUBLISH_OFFER);
        leaveAll(alice);
    }

    private void leaveAll(OpenViduTestClient... clients) throws InterruptedException {
        for (OpenViduTestClient client : clients) {
            client.result("leaveRoom", params());
        }
        awaitNoKmsObjects();
        assertThat(kms.faults().pending()).as("faults not taken").isEmpty();
    }
}
