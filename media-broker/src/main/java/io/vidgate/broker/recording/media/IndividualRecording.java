package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.pipeline.Async;
import io.vidgate.broker.room.PublishedStream;
import io.vidgate.broker.room.Room;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INDIVIDUAL: one RecorderEndpoint per published stream, fed by the stream's endpoint, writing
 * {@code <streamId>.webm} (openvidu-server's SingleStreamRecordingService). A stream published later gets its file from
 * its start; a stream that ends closes its file ({@code stopAndWait}, then release); a publisher that reconnects keeps
 * its file, fed by its new endpoint (openvidu-server keeps the recorder on the stream's PassThrough, which its new
 * endpoint feeds).
 */
final class IndividualRecording extends RoomRecording {

    private static final Logger log = LoggerFactory.getLogger(IndividualRecording.class);

    /** One stream's file. Its fields are written by the chain of Kurento requests that opens, then closes it. */
    private final class StreamFile {
        final PublishedStream stream;
        final MediaKinds kinds;
        final String name;
        volatile RecorderEndpoint recorder;
        /** Done once Kurento records (fails if it could not start). */
        CompletableFuture<Void> opened;
        /** Null until the file is being closed. */
        CompletableFuture<Void> closed;
        volatile long start = -1;
        volatile long end = -1;

        StreamFile(PublishedStream stream, MediaKinds kinds) {
            this.stream = stream;
            this.kinds = kinds;
            this.name = stream.streamId() + ".webm";
        }

        RecordedFile recorded() {
            var options = stream.options();
            long stop = end >= 0 ? end : now();
            return new RecordedFile(name, stream.publisher().id(), stream.streamId(), stream.publisher().clientData(),
                    stream.publisher().properties().serverData(), kinds.audio(), kinds.video(),
                    kinds.video() ? options.typeOfVideo() : null, start - startedAt, stop - startedAt);
        }
    }

    /** Every file of the recording, by stream id. */
    private final Map<String, StreamFile> files = new LinkedHashMap<>();

    IndividualRecording(Room room, RecordingSpec spec, MediaRecording.Listener listener, Clock clock) {
        super(room, spec, listener, clock);
    }

    @Override
    CompletableFuture<Void> begin(List<PublishedStream> streams) {
        List<StreamFile> opening = new ArrayList<>();
        for (PublishedStream stream : streams) {
            StreamFile file = add(stream);
            if (file != null) {
                opening.add(file);
            }
        }
        synchronized (this) {
            if (stopping()) { // the room closed before the start was under way
                return CompletableFuture.failedFuture(new RecordingMediaException("Session " + room.id()
                        + " closed", false, null));
            }
            if (files.isEmpty()) {
                return CompletableFuture.failedFuture(new RecordingMediaException("Session " + room.id()
                        + " has no stream to record", true, null));
            }
        }
        List<CompletableFuture<Void>> opened = opening.stream().map(file -> file.opened).toList();
        return CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).handle((done, failed) -> {
            if (failed == null && !isLost()) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            RecordingMediaException refusal = isLost()
                    ? new RecordingMediaException("The media server of session " + room.id() + " was lost", false, null)
                    : refused("Kurento refused to record session " + room.id(), failed);
            return stop().<Void>handle((media, ignored) -> {
                throw refusal;
            });
        }).thenCompose(next -> next);
    }

    @Override
    void streamPublished(PublishedStream stream) {
        add(stream);
    }

    /** A new file for the stream, opening; null when the stream is not recorded (or already is). */
    private StreamFile add(PublishedStream stream) {
        MediaKinds kinds = MediaKinds.of(spec, stream.options().hasAudio(), stream.options().hasVideo());
        if (!recordable(stream) || kinds.isEmpty()) {
            return null;
        }
        StreamFile file;
        synchronized (this) {
            if (stopping() || isLost() || files.containsKey(stream.streamId()) || hasEnded(stream.streamId())) {
                return null;
            }
            file = new StreamFile(stream, kinds);
            files.put(stream.streamId(), file);
            file.opened = new CompletableFuture<>();
        }
        open(file).whenComplete((done, failed) -> {
            if (failed != null) {
                log.warn("Recording {}: stream {} could not be recorded: {}", spec.recordingId(),
                        stream.streamId(), Async.unwrap(failed).getMessage());
                file.opened.completeExceptionally(failed);
            } else {
                file.opened.complete(null);
            }
        });
        return file;
    }

    /** Create the recorder; connect the stream to it; record. What was created is released if a step fails. */
    private CompletableFuture<Void> open(StreamFile file) {
        WebRtcEndpoint source = file.stream.endpoint().webRtcEndpoint();
        if (source == null || file.stream.pipeline() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("stream " + file.stream.streamId()
                    + " has no endpoint on Kurento"));
        }
        String uri = spec.kurentoDirectory() + file.name;
        return file.stream.pipeline().mediaPipeline()
                .thenCompose(pipeline -> KurentoCalls.recorder(pipeline, uri, file.kinds))
                .thenCompose(recorder -> {
                    file.recorder = recorder;
                    return KurentoCalls.connect(source, recorder, file.kinds);
                })
                .thenCompose(connected -> KurentoCalls.record(file.recorder))
                .thenRun(() -> file.start = now())
                .whenComplete((done, failed) -> {
                    if (failed != null && file.recorder != null && !isLost()) {
                        KurentoCalls.release(file.recorder);
                    }
                });
    }

    @Override
    void streamReconnected(PublishedStream stream) {
        StreamFile file;
        synchronized (this) {
            file = files.get(stream.streamId());
        }
        if (file == null) {
            add(stream);
            return;
        }
        WebRtcEndpoint source = stream.endpoint().webRtcEndpoint();
        file.opened.thenCompose(done -> {
            synchronized (this) {
                if (file.closed != null || source == null) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
            }
            return KurentoCalls.connect(source, file.recorder, file.kinds);
        }).whenComplete((done, failed) -> {
            if (failed != null) {
                log.warn("Recording {}: stream {} reconnected, but its file could not follow it: {}",
                        spec.recordingId(), stream.streamId(), Async.unwrap(failed).getMessage());
            }
        });
    }

    @Override
    CompletableFuture<Void> streamEnding(PublishedStream stream) {
        StreamFile file;
        boolean last;
        synchronized (this) {
            file = files.get(stream.streamId());
            if (file == null) {
                endedUntaken(stream.streamId());
                return CompletableFuture.completedFuture(null);
            }
            last = files.values().stream().allMatch(other -> other == file || other.closed != null);
        }
        CompletableFuture<Void> closed = close(file);
        if (last) {
            closed.thenRun(this::noStreamsLeft);
        }
        return closed;
    }

    /** Stops the file's recorder once it records, then releases it; at once when Kurento is lost. Idempotent. */
    private CompletableFuture<Void> close(StreamFile file) {
        synchronized (this) {
            if (file.closed != null) {
                return file.closed;
            }
            file.closed = new CompletableFuture<>();
        }
        CompletableFuture<Void> stopped = file.opened.handle((done, failed) -> failed == null)
                .thenCompose(recording -> {
                    if (!recording || isLost()) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return KurentoCalls.stopAndWait(file.recorder).handle((done, failed) -> {
                        if (failed != null) {
                            log.warn("Recording {}: stopping the recorder of {} failed: {}", spec.recordingId(),
                                    file.stream.streamId(), Async.unwrap(failed).getMessage());
                        }
                        file.end = now();
                        return null;
                    }).thenCompose(done -> isLost() ? CompletableFuture.<Void>completedFuture(null)
                            : KurentoCalls.release(file.recorder));
                });
        unlessLost(stopped).whenComplete((done, failed) -> {
            if (file.end < 0) {
                file.end = isLost() ? lostAt() : now();
            }
            file.closed.complete(null);
        });
        return file.closed;
    }

    @Override
    CompletableFuture<RecordedMedia> finish() {
        List<StreamFile> all;
        synchronized (this) {
            all = List.copyOf(files.values());
        }
        CompletableFuture<?>[] closing = all.stream().map(this::close).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closing).thenApply(done -> new RecordedMedia(all.stream()
                .filter(file -> file.start >= 0)
                .map(StreamFile::recorded)
                .toList()));
    }
}
