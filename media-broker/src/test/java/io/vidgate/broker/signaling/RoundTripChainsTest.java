package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;

import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.hooks.CallReport;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sequential KMS round trips per operation, measured end to end: the request goes in on the socket, the emulator
 * records what the broker asks of Kurento until it goes quiet. The figures are printed for docs/performance.md
 * (OpenVidu 2 takes about 22–24 per publish or subscribe); each must be 4 or fewer.
 *
 * <p>40 ms of emulator latency makes the requests of a parallel round overlap as they do with a real KMS (with none,
 * each is answered before the next is sent and a round looks sequential); the KMS liveness check is set far apart,
 * as it shares the Kurento session and would show up in the chains.
 */
@TestPropertySource(properties = {"vidgate.kurento.liveness-interval=120s", "vidgate.kurento.liveness-timeout=5s"})
class RoundTripChainsTest extends SignalingEndToEndSupport {

    static final int MAX_CHAIN = 4;
    static final Duration IDLE_GAP = Duration.ofMillis(300);

    /** 40 ms per KMS call, and calls chained until the emulator goes quiet for the idle gap. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SlowKurento {

        @Bean
        EmulatorOptions emulatorOptions() {
            return EmulatorOptions.ephemeral().withLatency(Duration.ofMillis(40)).withChainIdleGap(IDLE_GAP);
        }
    }

    @Test
    void publishAndSubscribeTakeAtMostFourSequentialRoundTrips() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.PUBLISHER);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);

        String[] aliceStream = new String[1];
        int firstPublish = chain("publishVideo (first of the session: creates the pipeline)",
                () -> alice.result("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)),
                result -> aliceStream[0] = result.get("id").stringValue());
        int publish = chain("publishVideo (pipeline exists)",
                () -> bob.result("publishVideo", OpenViduTestClient.publishParams(PUBLISH_OFFER)), result -> { });
        String[] serverOffer = new String[1];
        int prepare = chain("prepareReceiveVideoFrom (server offer)",
                () -> carol.result("prepareReceiveVideoFrom", params("sender", aliceStream[0], "reconnect", false)),
                result -> serverOffer[0] = result.get("sdpOffer").stringValue());
        int answer = chain("receiveVideoFrom (answer to the server offer)",
                () -> carol.result("receiveVideoFrom", params("sender", aliceStream[0],
                        "sdpAnswer", BrowserSdp.answerTo(serverOffer[0]))), result -> { });
        int clientOffer = chain("receiveVideoFrom (client offer)",
                () -> bob.result("receiveVideoFrom", params("sender", aliceStream[0], "sdpOffer", SUBSCRIBE_OFFER)),
                result -> assertThat(result.get("sdpAnswer").stringValue()).startsWith("v=0"));

        int republish = chain("reconnectStream (publisher, with two subscriptions to move)",
                () -> alice.result("reconnectStream", params("stream", aliceStream[0], "sdpString", PUBLISH_OFFER)),
                result -> assertThat(result.get("sdpAnswer").stringValue()).startsWith("v=0"));
        int resubscribe = chain("reconnectStream (subscription, client offer)",
                () -> bob.result("reconnectStream", params("stream", aliceStream[0], "sdpOffer", SUBSCRIBE_OFFER,
                        "forciblyReconnect", false)),
                result -> assertThat(result.get("sdpAnswer").stringValue()).startsWith("v=0"));
        int prepareAgain = chain("prepareReceiveVideoFrom (reconnect)",
                () -> carol.result("prepareReceiveVideoFrom", params("sender", aliceStream[0], "reconnect", true)),
                result -> serverOffer[0] = result.get("sdpOffer").stringValue());
        int answerAgain = chain("reconnectStream (answer to the server offer)",
                () -> carol.result("reconnectStream", params("stream", aliceStream[0],
                        "sdpString", BrowserSdp.answerTo(serverOffer[0]), "forciblyReconnect", false)), result -> { });

        System.out.printf("KMS ROUND TRIPS (longest sequential chain): publishVideo first=%d, publishVideo=%d, "
                + "prepareReceiveVideoFrom=%d, receiveVideoFrom(answer)=%d, receiveVideoFrom(client offer)=%d, "
                + "reconnectStream(publisher)=%d, reconnectStream(client offer)=%d, "
                + "prepareReceiveVideoFrom(reconnect)=%d, reconnectStream(answer)=%d%n",
                firstPublish, publish, prepare, answer, clientOffer, republish, resubscribe, prepareAgain, answerAgain);
        assertThat(firstPublish).as("first publishVideo").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(publish).as("publishVideo").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(prepare).as("prepareReceiveVideoFrom").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(answer).as("receiveVideoFrom with the answer").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(clientOffer).as("client-offer receiveVideoFrom").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(republish).as("publisher reconnectStream").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(resubscribe).as("client-offer reconnectStream").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(prepareAgain).as("prepareReceiveVideoFrom with reconnect").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(answerAgain).as("reconnectStream with the answer").isLessThanOrEqualTo(MAX_CHAIN);
        assertThat(Math.min(republish, resubscribe)).isPositive();
        // Something was measured at all (not an empty report).
        assertThat(Math.min(Math.min(firstPublish, publish), Math.min(prepare, clientOffer))).isPositive();

        for (OpenViduTestClient client : new OpenViduTestClient[] {alice, bob, carol}) {
            client.call("leaveRoom", null);
        }
        awaitNoKmsObjects();
    }

    /**
     * Runs one request alone: waits until the previous chain is over, resets the emulator's log, sends the request,
     * waits for its answer and for KMS to go quiet again (calls the broker makes after answering count too).
     */
    private int chain(String what, Supplier<JsonNode> request, java.util.function.Consumer<JsonNode> check)
            throws InterruptedException {
        awaitQuiet();
        kms.resetCalls();
        check.accept(request.get());
        CallReport report = awaitQuiet();
        System.out.println("KMS chain of " + what + ": " + report.longestChain() + " sequential, "
                + report.totalRequests() + " requests " + report.byCall() + "; steps " + report.sessions().stream()
                .flatMap(s -> s.chains().stream()).flatMap(c -> c.steps().stream())
                .map(step -> step.depth() + ":" + step.call()).toList());
        return report.longestChain();
    }

    /** The call log once no request has arrived for more than the idle gap (no event tells when KMS is done). */
    private CallReport awaitQuiet() throws InterruptedException {
        long seen = -1;
        while (true) {
            CallReport report = kms.calls();
            if (report.totalRequests() == seen) {
                return report;
            }
            seen = report.totalRequests();
            Thread.sleep(IDLE_GAP.toMillis() + 100);
        }
    }
}
