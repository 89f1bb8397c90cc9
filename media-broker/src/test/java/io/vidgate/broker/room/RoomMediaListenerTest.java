package io.vidgate.broker.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a room tells its media listeners, in which order, and that a stream's endpoint and a closed room's pipeline
 * stay on Kurento until the listeners are done with them.
 */
class RoomMediaListenerTest {

    private static final MediaOptions CAMERA = new MediaOptions(true, true, true, true, "CAMERA", 30, null);

    private EmulatedRooms emulated;
    private KurentoEmulator kms;
    private final Heard heard = new Heard();

    @BeforeEach
    void start() throws Exception {
        emulated = EmulatedRooms.start();
        kms = emulated.kms;
        emulated.rooms.addMediaListener(heard);
    }

    @AfterEach
    void stop() {
        emulated.close();
    }

    @Test
    void aStreamsEndpointStaysUntilTheListenersAreDoneWithIt() throws Exception {
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        String stream = publish(room, alice);
        assertThat(heard.events).containsExactly("published " + stream);
        assertThat(room.publishedStreams()).singleElement().satisfies(published -> {
            assertThat(published.streamId()).isEqualTo(stream);
            assertThat(published.publisher().id()).isEqualTo(alice);
            assertThat(published.endpoint().webRtcEndpoint()).isNotNull();
            assertThat(published.pipeline().mediaPipeline()).isCompleted();
        });

        heard.holding = new CompletableFuture<>();
        room.unpublish(alice);
        assertThat(heard.events).endsWith("ending " + stream + " unpublish");
        assertThat(room.publishedStreams()).isEmpty();
        Thread.sleep(300);
        assertThat(kms.objects().count("WebRtcEndpoint")).as("held while the listener works").isEqualTo(1);
        heard.holding.complete(null);
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 0);
    }

    @Test
    void aClosedRoomsPipelineStaysUntilTheListenersAreDoneWithIt() throws Exception {
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        String stream = publish(room, alice);

        heard.holding = new CompletableFuture<>();
        room.close(EndReason.SESSION_CLOSED_BY_SERVER);
        assertThat(heard.events).as("the stream ends first, then the room closes")
                .containsExactly("published " + stream, "ending " + stream + " sessionClosedByServer",
                        "closing sessionClosedByServer");
        Thread.sleep(300);
        assertThat(kms.objects().count("MediaPipeline")).as("held while the listener works").isEqualTo(1);
        heard.holding.complete(null);
        awaitTrue(() -> kms.objects().total() == 0);
    }

    @Test
    void aReconnectedPublisherIsToldWithItsNewEndpoint() throws Exception {
        Room room = emulated.rooms.create(SessionProperties.DEFAULT);
        String alice = joined(room);
        String stream = publish(room, alice);
        String before = room.publishedStreams().get(0).endpoint().kurentoId();

        room.replacements().republish(alice, stream, BrowserSdp.offer("sendonly")).get(5, TimeUnit.SECONDS);

        assertThat(heard.events).containsExactly("published " + stream, "reconnected " + stream);
        assertThat(heard.reconnectedOn).isNotNull().isNotEqualTo(before)
                .isEqualTo(room.publishedStreams().get(0).endpoint().kurentoId());
    }

    private static String joined(Room room) {
        String id = ConnectionIds.generate();
        room.addPending(id, "t", ConnectionProperties.webRtc(Role.PUBLISHER, ""));
        room.join(id, new ActivationDetails(null, null, null, null), new RecordingLink(), "rpc-" + id);
        return id;
    }

    private static String publish(Room room, String connectionId) throws Exception {
        return room.publish(connectionId, StreamType.CAMERA, CAMERA, BrowserSdp.offer("sendonly"))
                .get(5, TimeUnit.SECONDS).streamId();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Records what it hears; while {@code holding} is set, the room waits for it. */
    private static final class Heard implements RoomMediaListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> holding;
        volatile String reconnectedOn;

        @Override
        public void streamPublished(Room room, PublishedStream stream) {
            events.add("published " + stream.streamId());
        }

        @Override
        public void streamReconnected(Room room, PublishedStream stream) {
            reconnectedOn = stream.endpoint().kurentoId();
            events.add("reconnected " + stream.streamId());
        }

        @Override
        public CompletionStage<Void> streamEnding(Room room, PublishedStream stream, EndReason reason) {
            events.add("ending " + stream.streamId() + " " + reason.wireName());
            return holding == null ? DONE : holding;
        }

        @Override
        public CompletionStage<Void> roomClosing(Room room, EndReason reason) {
            events.add("closing " + reason.wireName());
            return holding == null ? DONE : holding;
        }
    }
}
