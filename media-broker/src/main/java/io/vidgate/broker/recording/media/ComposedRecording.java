package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.pipeline.Async;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COMPOSED: Kurento's Composite in the session's pipeline mixes the streams' audio and lays their video out in a
 * grid; each stream feeds it through a HubPort of its own, and one more HubPort feeds the one RecorderEndpoint, which
 * writes {@code <recordingId>.webm}. The grid's size and rate are the Composite's constructor parameters (the spec's
 * resolution and frameRate). Audio-only and video-only recordings connect, and record, that kind alone. KMS lays the
 * grid out in the order its ports were created, so the streams' ports are created one after another, in the order the
 * streams were published.
 */
final class ComposedRecording extends RoomRecording<StreamFeed<HubPort>> {

    private static final Logger log = LoggerFactory.getLogger(ComposedRecording.class);

    private final MediaKinds kinds;
    /** The Composite, once created in the session's pipeline; fails when none was. */
    private final CompletableFuture<Composite> hub = new CompletableFuture<>();
    /** The output port and the recorder, made and connected; fails when they were not. */
    private final CompletableFuture<Void> outputMade = new CompletableFuture<>();
    /** Done once Kurento records; fails when it does not. What stops the recording waits for it. */
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private volatile Composite composite;
    /**
     * The creation of the last stream port asked for (done, failed or not, once Kurento answered): the next port is
     * created after it, so that the grid's tiles follow the order the streams were taken in.
     */
    private CompletableFuture<?> lastPortCreated = CompletableFuture.completedFuture(null);
    private volatile HubPort output;
    private volatile RecorderEndpoint recorder;
    private volatile long start = -1;
    private volatile long end = -1;

    ComposedRecording(Room room, RecordingSpec spec, MediaRecording.Listener listener, Clock clock) {
        super(room, spec, listener, clock);
        this.kinds = new MediaKinds(spec.hasAudio(), spec.hasVideo());
    }

    @Override
    CompletableFuture<Void> begin(List<PublishedStream> streams) {
        try {
            return makeAndRecord(streams).handle((done, failed) -> {
                if (failed == null && !isLost()) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                RecordingMediaException refusal = isLost()
                        ? new RecordingMediaException("The media server of session " + room.id() + " was lost", false,
                                null)
                        : refused("Kurento refused to record session " + room.id(), failed);
                return stop().<Void>handle((media, ignored) -> {
                    throw refusal;
                });
            }).thenCompose(next -> next);
        } catch (RuntimeException failed) {
            return notMade(failed);
        }
    }

    /**
     * The Composite; then, in parallel, the output port with the recorder and the streams' ports (one after another,
     * the earliest published first); then record. Every
     * future of the recording is completed, whatever happens, so that a stop never waits for what never comes.
     */
    private CompletableFuture<Void> makeAndRecord(List<PublishedStream> streams) {
        List<PublishedStream> recorded = streams.stream().filter(stream -> !portKinds(stream).isEmpty())
                .sorted(Comparator.comparingLong(PublishedStream::publishedAt)) // stable: ties in the order listed
                .toList();
        if (recorded.isEmpty()) {
            return notMade(new RecordingMediaException("Session " + room.id() + " has no stream to record", true, null));
        }
        SessionPipeline session = recorded.get(0).pipeline();
        if (session == null || stopping()) {
            return notMade(new RecordingMediaException("Session " + room.id() + " has no media anymore", false, null));
        }
        Grid grid = Grid.of(spec);
        session.mediaPipeline()
                .thenCompose(pipeline -> KurentoCalls.composite(pipeline, grid.width(), grid.height(), grid.frameRate()))
                .whenComplete((made, failed) -> {
                    composite = made;
                    complete(hub, made, failed);
                });
        session.mediaPipeline().thenCombine(hub, (pipeline, made) -> pipeline)
                .thenCompose(this::makeOutput)
                .whenComplete((done, failed) -> complete(outputMade, null, failed));
        List<CompletableFuture<Void>> connected = new ArrayList<>();
        connected.add(outputMade);
        for (PublishedStream stream : recorded) {
            StreamFeed<HubPort> port = take(new StreamFeed<>(stream, portKinds(stream)));
            if (port != null) {
                connected.add(port.ready);
            }
        }
        CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new))
                .thenCompose(done -> KurentoCalls.record(recorder))
                .thenRun(() -> start = now())
                .whenComplete((done, failed) -> complete(started, null, failed));
        return started;
    }

    private CompletableFuture<Void> notMade(RuntimeException why) {
        hub.completeExceptionally(why);
        outputMade.completeExceptionally(why);
        started.completeExceptionally(why);
        return CompletableFuture.failedFuture(why);
    }

    private static <T> void complete(CompletableFuture<T> future, T value, Throwable failed) {
        if (failed != null) {
            future.completeExceptionally(failed);
        } else {
            future.complete(value);
        }
    }

    /** The output port and the recorder, made in parallel, then connected (the kinds recorded only). */
    private CompletableFuture<Void> makeOutput(MediaPipeline pipeline) {
        String uri = spec.kurentoDirectory() + spec.recordingId() + ".webm";
        CompletableFuture<HubPort> out = KurentoCalls.hubPort(composite).thenApply(port -> output = port);
        CompletableFuture<RecorderEndpoint> rec = KurentoCalls.recorder(pipeline, uri, kinds)
                .thenApply(made -> recorder = made);
        // allOf waits for both, failed or not: neither is made after a failure has released what was made.
        return CompletableFuture.allOf(out, rec).thenCompose(done -> KurentoCalls.connect(output, recorder, kinds));
    }

    /**
     * What the stream gives the grid: the recording's kinds that it publishes. Every stream, whatever its connection's
     * {@code record} (which OpenVidu applies to INDIVIDUAL recordings only).
     */
    private MediaKinds portKinds(PublishedStream stream) {
        return MediaKinds.of(spec, stream.options().hasAudio(), stream.options().hasVideo());
    }

    @Override
    void streamPublished(PublishedStream stream) {
        MediaKinds kinds = portKinds(stream);
        if (!kinds.isEmpty()) {
            take(new StreamFeed<>(stream, kinds));
        }
    }

    /**
     * A port into the grid, created once the Composite is made and the port taken before it is created; the stream's
     * endpoint feeds it.
     */
    @Override
    CompletableFuture<Void> feed(StreamFeed<HubPort> port) {
        WebRtcEndpoint source = port.stream.endpoint().webRtcEndpoint();
        CompletableFuture<HubPort> created = new CompletableFuture<>();
        CompletableFuture<?> before;
        synchronized (this) {
            before = lastPortCreated;
            lastPortCreated = created;
        }
        before.handle((previous, failed) -> null)
                .thenCompose(turn -> hub)
                .thenCompose(KurentoCalls::hubPort)
                .whenComplete((made, failed) -> complete(created, made, failed));
        return created.thenCompose(made -> {
            port.element = made;
            if (source == null) {
                throw new IllegalStateException("stream " + port.stream.streamId() + " has no endpoint on Kurento");
            }
            return KurentoCalls.connect(source, made, port.kinds);
        });
    }

    /** The stream leaves the grid: its port is released (which disconnects it). */
    @Override
    CompletableFuture<Void> endFeed(StreamFeed<HubPort> port) {
        return port.ready.handle((done, failed) -> null)
                .thenCompose(done -> isLost() ? CompletableFuture.<Void>completedFuture(null)
                        : KurentoCalls.release(port.element));
    }

    @Override
    CompletableFuture<RecordedMedia> finish() {
        List<StreamFeed<HubPort>> all = feeds();
        CompletableFuture<Void> stopped = started.handle((done, failed) -> failed == null && start >= 0)
                .thenCompose(recorded -> {
                    if (!recorded || isLost() || recorder == null) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return KurentoCalls.stopAndWait(recorder).handle((done, failed) -> {
                        if (failed != null) {
                            log.warn("Recording {}: stopping its recorder failed: {}", spec.recordingId(),
                                    Async.unwrap(failed).getMessage());
                        }
                        end = now();
                        return null;
                    });
                });
        CompletableFuture<Void> released = unlessLost(stopped).thenCompose(done -> releaseAll(all));
        return unlessLost(released).thenApply(done -> {
            if (start < 0) {
                return new RecordedMedia(List.of());
            }
            long stop = end >= 0 ? end : isLost() ? lostAt() : now();
            return new RecordedMedia(List.of(new RecordedFile(spec.recordingId() + ".webm", null, null, null, null,
                    kinds.audio(), kinds.video(), null, start - startedAt, stop - startedAt)));
        });
    }

    /** The ports, the output and the recorder, then the Composite; nothing when Kurento is lost. */
    private CompletableFuture<Void> releaseAll(List<StreamFeed<HubPort>> all) {
        if (isLost()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Void>> removed = new ArrayList<>();
        for (StreamFeed<HubPort> port : all) {
            removed.add(end(port));
        }
        // Wait for what is still being made, so that nothing created after this is left behind.
        CompletableFuture<Void> made = CompletableFuture.allOf(hub.handle((c, failed) -> null),
                outputMade.handle((done, failed) -> null));
        return CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                .thenCombine(made, (a, b) -> null)
                .thenCompose(done -> {
                    List<MediaObject> elements = new ArrayList<>();
                    if (output != null) {
                        elements.add(output);
                    }
                    if (recorder != null) {
                        elements.add(recorder);
                    }
                    return KurentoCalls.releaseAll(elements);
                })
                .thenCompose(done -> KurentoCalls.release(composite));
    }

    /** The grid's size and rate from the spec; null where it says nothing (Kurento's defaults then). */
    private record Grid(Integer width, Integer height, Integer frameRate) {

        static Grid of(RecordingSpec spec) {
            Integer width = null;
            Integer height = null;
            if (spec.hasVideo() && spec.resolution() != null) {
                String[] parts = spec.resolution().toLowerCase(Locale.ROOT).split("x");
                if (parts.length == 2) {
                    try {
                        width = Integer.parseInt(parts[0].trim());
                        height = Integer.parseInt(parts[1].trim());
                    } catch (NumberFormatException malformed) {
                        width = null;
                        height = null;
                    }
                }
            }
            return new Grid(width, height, spec.hasVideo() ? spec.frameRate() : null);
        }
    }
}
