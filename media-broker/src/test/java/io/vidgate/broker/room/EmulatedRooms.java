package io.vidgate.broker.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.session.SessionLimits;
import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;

/**
 * Rooms on a fresh, signaling-only kurento-emulator, without Spring: for tests that drive a {@link Room} (or the
 * signaling methods over it) directly. Close it after each test.
 */
public final class EmulatedRooms implements AutoCloseable {

    public final KurentoEmulator kms;
    public final KmsPool pool;
    public final PipelineManager pipelines;
    public final Rooms rooms;

    private EmulatedRooms(KurentoEmulator kms, KmsPool pool) {
        this.kms = kms;
        this.pool = pool;
        this.pipelines = new PipelineManager(pool);
        this.rooms = new Rooms(new SessionLimits(10, 10), Clock.systemUTC(), pipelines, connectionId -> IceConfig.NONE,
                FactStream.NONE);
    }

    public static EmulatedRooms start() throws InterruptedException {
        return start(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** With KmsLossTest's short liveness settings: a restarted emulator is lost within a second or so. */
    public static EmulatedRooms startWatchingClosely() throws InterruptedException {
        return start(Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /** With real WebRTC media (webrtc-java peers) and {@link #startWatchingClosely}'s liveness settings. */
    public static EmulatedRooms startWithRealMedia() throws InterruptedException {
        return start(EmulatorOptions.ephemeral().withMedia(EmulatorOptions.Media.REAL), Duration.ofMillis(300),
                Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static EmulatedRooms start(Duration livenessInterval, Duration livenessTimeout, Duration lossAfter)
            throws InterruptedException {
        return start(EmulatorOptions.ephemeral(), livenessInterval, livenessTimeout, lossAfter);
    }

    private static EmulatedRooms start(EmulatorOptions options, Duration livenessInterval, Duration livenessTimeout,
            Duration lossAfter) throws InterruptedException {
        KurentoEmulator kms = KurentoEmulator.start(options);
        KmsPool pool = new KmsPool(new KurentoProperties(List.of(URI.create(kms.uri())), livenessInterval,
                livenessTimeout, lossAfter, 32, Duration.ofSeconds(10), null, 3478, null)).start();
        assertThat(pool.awaitHealthy(1, Duration.ofSeconds(10))).isTrue();
        return new EmulatedRooms(kms, pool);
    }

    @Override
    public void close() {
        pool.close();
        kms.close();
    }
}
