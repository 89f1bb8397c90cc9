package io.vidgate.broker.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.room.RoomException.Problem;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SubscriberSnapshot;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A room's streams against the kurento-emulator: what the signaling layer does through it, and what it refuses. */
class RoomTest {

    private static final MediaOptions CAMERA = new MediaOptions(true, true, true, true, "CAMERA", 30, null);
    private static final ActivationDetails NO_DETAILS = new ActivationDetails(null, null, null, null);

    private EmulatedRooms emulated;
    private KurentoEmulator kms;
    private KmsPool pool;
    private PipelineManager pipelines;
    private Rooms rooms;

    @BeforeEach
    void start() throws Exception {
        emulated = EmulatedRooms.start();
        kms = emulated.kms;
        pool = emulated.pool;
        pipelines = emulated.pipelines;
        rooms = emulated.rooms;
    }

    @AfterEach
    void stop() {
        emulated.close();
    }

    @Test
    void theSignalingLayersJourneyThroughTheRoom() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink aliceLink = new RecordingLink();
        RecordingLink bobLink = new RecordingLink();
        String alice = joined(room, Role.PUBLISHER, aliceLink);
        String bob = joined(room, Role.SUBSCRIBER, bobLink);

        Room.Published published = room.publish(alice, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly"))
                .get(5, TimeUnit.SECONDS);
        String stream = published.streamId();
        assertThat(stream).startsWith("str_CAM_").endsWith(alice);
        assertThat(published.sdpAnswer()).startsWith("v=0");
        assertThat(bobLink.told()).containsExactly("published " + alice);
        room.subscribe(bob, stream, BrowserSdp.offer("recvonly")).get(5, TimeUnit.SECONDS);
        room.changeStream(alice, stream, options -> options.withAudioActive(false),
                new StreamPropertyChange(alice, stream, "audioActive", "false", "publishAudio"));
        assertThat(room.connection(alice).orElseThrow().publishers().get(0).mediaOptions().audioActive()).isFalse();
        assertThat(room.connection(bob).orElseThrow().subscribers()).extracting(SubscriberSnapshot::streamId)
                .containsExactly(stream);
        // Kurento's candidates for Bob's subscription come when they come: what is asserted is the rest.
        assertThat(bobLink.told()).filteredOn(line -> !line.startsWith("ice "))
                .endsWith("changed " + stream + " audioActive=false");

        room.unsubscribe(bob, stream);
        assertThat(room.connection(bob).orElseThrow().subscribers()).isEmpty();
        assertProblem(() -> room.unsubscribe(bob, stream), Problem.NOT_SUBSCRIBED);
        room.subscribe(bob, stream, BrowserSdp.offer("recvonly")).get(5, TimeUnit.SECONDS);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
        room.unpublish(alice);
        assertThat(room.connection(bob).orElseThrow().subscribers()).as("the subscriptions end with the stream").isEmpty();
        assertThat(room.connection(alice).orElseThrow().publishers()).isEmpty();
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 0);
        assertThat(bobLink.told()).filteredOn(line -> !line.startsWith("ice "))
                .endsWith("unpublished " + alice + " unpublish");

        assertThat(room.leave(bob, EndReason.DISCONNECT)).isPresent();
        assertThat(room.leave(bob, EndReason.DISCONNECT)).isEmpty();
        assertThat(aliceLink.told()).filteredOn(line -> !line.startsWith("ice "))
                .as("changes a participant makes itself are not echoed to it").containsExactly("joined " + bob, "left " + bob + " disconnect");
    }

    @Test
    void refusesWhatTheRulesForbid() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String viewer = joined(room, Role.SUBSCRIBER, new RecordingLink());
        String publisher = room.addPending(ConnectionIds.generate(), "t", ConnectionProperties.webRtc(Role.PUBLISHER, ""))
                .id();

        assertProblem(() -> room.publish(publisher, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly")),
                Problem.CONNECTION_NOT_ACTIVE);
        room.join(publisher, NO_DETAILS, new RecordingLink(), "r-p");
        assertProblem(() -> room.publish(viewer, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly")),
                Problem.ROLE_CANNOT_PUBLISH);
        assertProblem(() -> room.subscribe(viewer, "str_CAM_none_" + publisher, BrowserSdp.offer("recvonly")),
                Problem.NOT_PUBLISHING);
        assertProblem(() -> room.unpublish(publisher), Problem.NOT_PUBLISHING);
        String stream = room.publish(publisher, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly"))
                .get(5, TimeUnit.SECONDS).streamId();
        assertProblem(() -> room.publish(publisher, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly")),
                Problem.ALREADY_PUBLISHING);
        assertProblem(() -> room.changeStream(viewer, stream, options -> options.withAudioActive(false),
                new StreamPropertyChange(viewer, stream, "audioActive", "false", "publishAudio")), Problem.NOT_PUBLISHING);
        room.subscribe(viewer, stream, BrowserSdp.offer("recvonly")).get(5, TimeUnit.SECONDS);
        assertProblem(() -> room.subscribe(viewer, stream, BrowserSdp.offer("recvonly")), Problem.ALREADY_SUBSCRIBED);
        assertProblem(() -> room.completeSubscription(publisher, stream, "v=0"), Problem.NOT_PREPARED);
        assertThat(kms.objects().count("WebRtcEndpoint")).as("refusals leave no endpoint behind").isEqualTo(2);
    }

    @Test
    void theLastParticipantLeavingReleasesThePipeline() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room, Role.PUBLISHER, new RecordingLink());
        room.publish(alice, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly")).get(5, TimeUnit.SECONDS);
        assertThat(pipelines.pipelineCount()).isEqualTo(1);

        room.leave(alice, EndReason.DISCONNECT);

        assertThat(rooms.session(room.id())).isEmpty();
        assertThat(pipelines.pipelineCount()).isZero();
        awaitTrue(() -> kms.objects().total() == 0);
        assertThat(pool.nodes().get(0).pipelines()).isZero();
    }

    private static String joined(Room room, Role role, ParticipantLink link) {
        String id = room.addPending(ConnectionIds.generate(), "t", ConnectionProperties.webRtc(role, "")).id();
        room.join(id, NO_DETAILS, link, "rpc-" + id);
        return id;
    }

    private static void assertProblem(Runnable call, Problem expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RoomException.class,
                refused -> assertThat(refused.problem()).isEqualTo(expected));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
