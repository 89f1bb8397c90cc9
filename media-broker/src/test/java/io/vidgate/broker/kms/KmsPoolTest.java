package io.vidgate.broker.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.MediaPipeline;

class KmsPoolTest {

    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private KurentoEmulator emulator() {
        KurentoEmulator kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
        closeables.add(kms);
        return kms;
    }

    private KmsPool pool(String... uris) {
        KmsPool pool = new KmsPool(new KurentoProperties(List.of(uris).stream().map(URI::create).toList(),
                Duration.ofMillis(200), Duration.ofSeconds(1), null, 3478, null));
        closeables.add(0, pool);
        return pool.start();
    }

    @Test
    void picksTheLeastLoadedHealthyKms() throws Exception {
        KurentoEmulator a = emulator();
        KurentoEmulator b = emulator();
        KmsPool pool = pool(a.uri(), b.uri());
        assertThat(pool.awaitHealthy(2, Duration.ofSeconds(10))).isTrue();

        KmsNode first = pool.leastLoaded().orElseThrow();
        assertThat(first.index()).isZero();
        first.pipelineCreated();
        assertThat(pool.leastLoaded().orElseThrow().index()).isEqualTo(1);
        pool.nodes().get(1).pipelineCreated();
        pool.nodes().get(1).pipelineCreated();
        assertThat(pool.leastLoaded().orElseThrow().index()).isZero();

        // A client that works: a smoke test that creates something (connection refused would pass otherwise).
        MediaPipeline pipeline = first.client().orElseThrow().createMediaPipeline();
        assertThat(a.objects().total()).isEqualTo(1);
        pipeline.release();
    }

    @Test
    void aKmsThatIsDownIsNotPickedAndIsUsedOnceItComesUp() throws Exception {
        KurentoEmulator a = emulator();
        KmsPool pool = pool("ws://127.0.0.1:1/kurento", a.uri());
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        assertThat(pool.leastLoaded().orElseThrow().uri()).isEqualTo(URI.create(a.uri()));
        assertThat(pool.nodes().get(0).healthy()).isFalse();
    }

    @Test
    void aRestartedKmsIsReportedLostAndThenReconnected() throws Exception {
        KurentoEmulator a = emulator();
        KmsPool pool = pool(a.uri());
        List<String> lost = new CopyOnWriteArrayList<>();
        pool.addLossListener((node, why) -> lost.add(why));
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        KmsNode node = pool.nodes().get(0);
        long generation = node.generation();
        node.client().orElseThrow().createMediaPipeline();
        node.pipelineCreated();

        a.restart();

        awaitTrue(() -> !lost.isEmpty(), Duration.ofSeconds(15));
        assertThat(node.generation()).isGreaterThan(generation);
        assertThat(node.pipelines()).isZero();
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(15))).isTrue();
        node.client().orElseThrow().createMediaPipeline().release();
    }

    @Test
    void aKmsThatStopsAnsweringIsLost() throws Exception {
        KurentoEmulator a = emulator();
        KmsPool pool = pool(a.uri());
        List<String> lost = new CopyOnWriteArrayList<>();
        pool.addLossListener((node, why) -> lost.add(why));
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();

        a.close();

        awaitTrue(() -> !lost.isEmpty(), Duration.ofSeconds(20));
        assertThat(pool.leastLoaded()).isEmpty();
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within " + timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
