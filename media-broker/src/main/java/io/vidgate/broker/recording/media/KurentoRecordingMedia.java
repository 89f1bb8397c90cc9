package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.RoomMediaListener;
import io.vidgate.broker.room.Rooms;
import io.vidgate.protocol.rpc.EndReason;

/**
 * {@link RecordingMedia} on Kurento: an {@link IndividualRecording} or a {@link ComposedRecording} per recording,
 * each told of its room's streams (this is the rooms' {@link RoomMediaListener}) until it stops.
 */
public final class KurentoRecordingMedia implements RecordingMedia, RoomMediaListener {

    private final Clock clock;
    private final ConcurrentMap<Room, Set<RoomRecording<?>>> recordings = new ConcurrentHashMap<>();

    public KurentoRecordingMedia(Rooms rooms, Clock clock) {
        this.clock = clock;
        rooms.addMediaListener(this);
    }

    @Override
    public CompletableFuture<MediaRecording> start(Room room, RecordingSpec spec, MediaRecording.Listener listener) {
        RoomRecording<?> recording = spec.individual() ? new IndividualRecording(room, spec, listener, clock)
                : new ComposedRecording(room, spec, listener, clock);
        // Told of the room's streams before it lists them: none published meanwhile is missed (one listed and told
        // of is recorded once).
        recordings.computeIfAbsent(room, key -> ConcurrentHashMap.newKeySet()).add(recording);
        CompletableFuture<Void> begun;
        try {
            begun = recording.begin(room.publishedStreams());
        } catch (RuntimeException failed) {
            begun = CompletableFuture.failedFuture(failed);
        }
        recording.ended().whenComplete((done, failed) -> forget(room, recording));
        return begun.handle((done, failed) -> {
            if (failed != null) {
                recording.stop();
                throw RoomRecording.refused("Recording " + spec.recordingId() + " could not start", failed);
            }
            return recording;
        });
    }

    /** Recordings under way (tests). */
    int activeRecordings() {
        return recordings.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(Room room, RoomRecording<?> recording) {
        recordings.computeIfPresent(room, (key, set) -> {
            set.remove(recording);
            return set.isEmpty() ? null : set;
        });
    }

    private List<RoomRecording<?>> of(Room room) {
        Set<RoomRecording<?>> set = recordings.get(room);
        return set == null ? List.of() : List.copyOf(set);
    }

    // ---- RoomMediaListener

    @Override
    public void streamPublished(Room room, PublishedStream stream) {
        of(room).forEach(recording -> recording.streamPublished(stream));
    }

    @Override
    public void streamReconnected(Room room, PublishedStream stream) {
        of(room).forEach(recording -> recording.streamReconnected(stream));
    }

    @Override
    public void pipelineLost(Room room, String why) {
        of(room).forEach(recording -> recording.mediaLost(why));
    }

    @Override
    public CompletionStage<Void> streamEnding(Room room, PublishedStream stream, EndReason reason) {
        return allOf(of(room).stream().map(recording -> recording.streamEnding(stream)).toList());
    }

    @Override
    public CompletionStage<Void> roomClosing(Room room, EndReason reason) {
        return allOf(of(room).stream().map(RoomRecording::roomClosing).toList());
    }

    private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> stages) {
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new));
    }
}
