package io.vidgate.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publish/subscribe/release against the kurento-emulator: round-trip chains, leaks, bad SDP, KMS loss. */
class SessionPipelineTest {

    private static final IceConfig ICE = new IceConfig("192.0.2.10", 3478,
            "1700000000:con_x:cGFzc3dvcmQ=@192.0.2.10:3478?transport=udp");
    private static final EndpointSettings SETTINGS = EndpointSettings.openViduDefaults(ICE);

    private KurentoEmulator kms;
    private KmsPool pool;
    private PipelineManager manager;
    private final List<String> candidates = new CopyOnWriteArrayList<>();
    private final EndpointListener listener = (name, candidate, mid, index) -> candidates.add(name + " " + candidate);
    /** What the owners of pipelines (rooms, in the broker) are told: "session:dead endpoints". */
    private final List<String> lost = new CopyOnWriteArrayList<>();
    private final PipelineManager.PipelineLossListener owner =
            (pipeline, dead, why) -> lost.add(pipeline.sessionId() + ":" + dead.size());

    @BeforeEach
    void start() throws Exception {
        // With no latency the emulator answers each request before the next one of a parallel round is even sent,
        // and a round looks sequential: 40 ms per request makes parallel requests overlap as they do with a real
        // KMS. The idle gap is above the broker's own think time, below the pause between the test's operations.
        kms = KurentoEmulator.start(EmulatorOptions.ephemeral().withLatency(Duration.ofMillis(40))
                .withChainIdleGap(Duration.ofMillis(300)));
        // Liveness checks (getInfo) share the client's KMS session and would show up in the measured chains: rare
        // here. A restart is still noticed at once, through the client's reconnection callback.
        pool = new KmsPool(new KurentoProperties(List.of(URI.create(kms.uri())), Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(10), 32, Duration.ofSeconds(10), null, 3478, null)).start();
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        manager = new PipelineManager(pool);
    }

    @AfterEach
    void stop() {
        pool.close();
        kms.close();
    }

    @Test
    void publishSubscribeAndLeaveInFewRoundTripsWithoutLeaks() throws Exception {
        SessionPipeline session = manager.place("ses_A", owner);

        MediaEndpoint alice = session.newPublisher("str_CAM_alice", listener);
        int publish = chain(() -> session.publish(alice, BrowserSdp.offer("sendonly"), SETTINGS));
        assertThat(publish).as("publish round trips (first: with the pipeline)").isLessThanOrEqualTo(4);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(1);
        alice.addIceCandidate("candidate:1 1 udp 2122260223 192.0.2.50 50000 typ host", "0", 0);

        MediaEndpoint bob = session.newPublisher("str_CAM_bob", listener);
        assertThat(chain(() -> session.publish(bob, BrowserSdp.offer("sendonly"), SETTINGS))).isLessThanOrEqualTo(4);

        // Server-offer subscription (openvidu-browser's default).
        MediaEndpoint bobSeesAlice = session.newSubscriber("con_bob_str_CAM_alice", alice, listener);
        String[] offer = new String[1];
        int prepare = chain(() -> session.prepareSubscription(bobSeesAlice, SETTINGS).thenAccept(o -> offer[0] = o));
        assertThat(offer[0]).startsWith("v=0");
        int answer = chain(() -> session.completeSubscription(bobSeesAlice, BrowserSdp.answerTo(offer[0])));
        assertThat(prepare).as("prepareReceiveVideoFrom").isLessThanOrEqualTo(4);
        assertThat(answer).as("receiveVideoFrom with the answer").isLessThanOrEqualTo(4);

        // Client-offer subscription.
        MediaEndpoint aliceSeesBob = session.newSubscriber("con_alice_str_CAM_bob", bob, listener);
        int clientOffer = chain(() -> session.subscribeWithOffer(aliceSeesBob, BrowserSdp.offer("recvonly"), SETTINGS));
        assertThat(clientOffer).isLessThanOrEqualTo(4);

        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(4);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
        awaitTrue(() -> candidates.stream().anyMatch(c -> c.startsWith("str_CAM_alice ")), Duration.ofSeconds(5));
        awaitTrue(() -> candidates.stream().anyMatch(c -> c.startsWith("con_bob_str_CAM_alice ")), Duration.ofSeconds(5));

        // Alice unpublishes: her endpoint and Bob's subscription to it go, in one round.
        List<MediaEndpoint> gone = session.release(alice).get(5, TimeUnit.SECONDS);
        assertThat(gone).containsExactlyInAnyOrder(alice, bobSeesAlice);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);

        manager.release(session).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().total()).isZero();
        assertThat(pool.nodes().get(0).pipelines()).isZero();
        assertThat(manager.pipelineCount()).isZero();
        assertThat(manager.release(session).get(5, TimeUnit.SECONDS)).as("a second release is a no-op").isNull();
        assertThat(pool.nodes().get(0).pipelines()).isZero();
    }

    @Test
    void malformedSdpIsRefusedWithoutHarmingTheSession() throws Exception {
        SessionPipeline session = manager.place("ses_B", owner);
        MediaEndpoint good = session.newPublisher("str_good", listener);
        session.publish(good, BrowserSdp.offer("sendonly"), SETTINGS).get(5, TimeUnit.SECONDS);

        // Refused locally: no round trip at all.
        MediaEndpoint garbage = session.newPublisher("str_garbage", listener);
        assertBadSdp(session.publish(garbage, "hello", SETTINGS));
        // Looks like SDP, refused by KMS (40201): the endpoint created in the transaction is released again.
        MediaEndpoint broken = session.newPublisher("str_broken", listener);
        assertBadSdp(session.publish(broken, "v=0\r\nm=garbage\r\n", SETTINGS));

        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 1, Duration.ofSeconds(5));
        MediaEndpoint again = session.newPublisher("str_again", listener);
        assertThat(session.publish(again, BrowserSdp.offer("sendonly"), SETTINGS).get(5, TimeUnit.SECONDS)).startsWith("v=0");
        assertThat(session.endpoints()).containsExactlyInAnyOrder(good, again);
        manager.release(session).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().total()).isZero();
    }

    @Test
    void aLostKmsIsReportedAndItsSessionsMoveOn() throws Exception {
        List<String> serverLost = new CopyOnWriteArrayList<>();
        List<String> serverRecovered = new CopyOnWriteArrayList<>();
        manager.addMediaServerListener(new PipelineManager.MediaServerListener() {
            @Override
            public void mediaServerLost(io.vidgate.broker.kms.KmsNode node, String why, List<String> sessionIds) {
                serverLost.add(node.uri() + " " + sessionIds);
            }

            @Override
            public void mediaServerRecovered(io.vidgate.broker.kms.KmsNode node) {
                serverRecovered.add(node.uri().toString());
            }
        });
        SessionPipeline session = manager.place("ses_C", owner);
        MediaEndpoint pub = session.newPublisher("str_c", listener);
        session.publish(pub, BrowserSdp.offer("sendonly"), SETTINGS).get(5, TimeUnit.SECONDS);

        kms.restart();

        awaitTrue(() -> !lost.isEmpty(), Duration.ofSeconds(15));
        assertThat(lost).containsExactly("ses_C:1");
        awaitTrue(() -> !serverLost.isEmpty(), Duration.ofSeconds(5));
        assertThat(serverLost).as("told after the owners, with the sessions the KMS took")
                .containsExactly(kms.uri() + " [ses_C]");
        assertThat(session.alive()).isFalse();
        assertThat(manager.pipelineCount()).as("a lost pipeline is forgotten").isZero();
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(15))).isTrue();
        awaitTrue(() -> !serverRecovered.isEmpty(), Duration.ofSeconds(15));
        assertThat(serverRecovered).containsExactly(kms.uri());
        SessionPipeline fresh = manager.place("ses_C", owner);
        assertThat(fresh).isNotSameAs(session);
        // The old pipeline's late release (its room closing after the loss) must not touch the new one.
        manager.release(session).get(5, TimeUnit.SECONDS);
        assertThat(manager.pipelineCount()).isEqualTo(1);
        MediaEndpoint again = fresh.newPublisher("str_c2", listener);
        assertThat(fresh.publish(again, BrowserSdp.offer("sendonly"), SETTINGS).get(5, TimeUnit.SECONDS)).startsWith("v=0");
        manager.release(fresh).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().total()).isZero();
    }

    private static void assertBadSdp(CompletableFuture<?> result) {
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(PipelineException.class)
                .extracting(e -> ((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.BAD_SDP);
    }

    /** Runs one operation alone and returns the longest sequential round-trip chain it caused on the emulator. */
    private int chain(java.util.function.Supplier<CompletableFuture<?>> operation) throws Exception {
        Thread.sleep(400); // the previous chain ends (idle gap)
        kms.resetCalls();
        operation.get().get(5, TimeUnit.SECONDS);
        var report = kms.calls();
        System.out.println("chain " + report.longestChain() + ": " + report.sessions().stream()
                .flatMap(session -> session.chains().stream()).flatMap(chain -> chain.steps().stream())
                .map(step -> step.depth() + ":" + step.call()).toList());
        return report.longestChain();
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
