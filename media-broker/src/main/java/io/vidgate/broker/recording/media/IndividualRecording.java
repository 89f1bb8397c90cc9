package io.vidgate.broker.recording.media;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
final class IndividualRecording extends RoomRecording<IndividualRecording.StreamFile> {

    private static final Logger log = LoggerFactory.getLogger(IndividualRecording.class);

    /** One stream's file, written by its recorder. */
    final class StreamFile extends StreamFeed<RecorderEndpoint> {
        final String name;
        volatile long start = -1;
        volatile long end = -1;

        StreamFile(PublishedStream stream, MediaKinds kinds) {
            super(stream, kinds);
            this.name = stream.streamId() + ".webm";
        }

        RecordedFile recorded() {
            var options = stream.options();
            // Closed without Kurento's answer: it was lost then.
            long stop = end >= 0 ? end : isLost() ? lostAt() : now();
            return new RecordedFile(name, stream.publisher().id(), stream.streamId(), stream.publisher().clientData(),
                    stream.publisher().properties().serverData(), kinds.audio(), kinds.video(),
                    kinds.video() ? options.typeOfVideo() : null, start - startedAt, stop - startedAt);
        }
    }

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
            if (feeds().isEmpty()) {
                return CompletableFuture.failedFuture(new RecordingMediaException("Session " + room.id()
                        + " has no stream to record", true, null));
            }
        }
        List<CompletableFuture<Void>> opened = opening.stream().map(file -> file.ready).toList();
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
        return take(new StreamFile(stream, kinds));
    }

    /** Create the recorder; connect the stream to it; record. What was created is released if a step fails. */
    @Override
    CompletableFuture<Void> feed(StreamFile file) {
        WebRtcEndpoint source = file.stream.endpoint().webRtcEndpoint();
        if (source == null || file.stream.pipeline() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("stream " + file.stream.streamId()
                    + " has no endpoint on Kurento"));
        }
        String uri = spec.kurentoDirectory() + file.name;
        return file.stream.pipeline().mediaPipeline()
                .thenCompose(pipeline -> KurentoCalls.recorder(pipeline, uri, file.kinds))
                .thenCompose(recorder -> {
                    file.element = recorder;
                    return KurentoCalls.connect(source, recorder, file.kinds);
                })
                .thenCompose(connected -> KurentoCalls.record(file.element))
                .thenRun(() -> file.start = now())
                .whenComplete((done, failed) -> {
                    if (failed != null && file.element != null && !isLost()) {
                        KurentoCalls.release(file.element);
                    }
                });
    }

    /** Stops the file's recorder once it records, then releases it. */
    @Override
    CompletableFuture<Void> endFeed(StreamFile file) {
        return file.ready.handle((done, failed) -> failed == null)
                .thenCompose(recording -> {
                    if (!recording || isLost()) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    return KurentoCalls.stopAndWait(file.element).handle((done, failed) -> {
                        if (failed != null) {
                            log.warn("Recording {}: stopping the recorder of {} failed: {}", spec.recordingId(),
                                    file.stream.streamId(), Async.unwrap(failed).getMessage());
                        }
                        file.end = now();
                        return null;
                    }).thenCompose(done -> isLost() ? CompletableFuture.<Void>completedFuture(null)
                            : KurentoCalls.release(file.element));
                });
    }

    @Override
    CompletableFuture<RecordedMedia> finish() {
        List<StreamFile> all = feeds();
        CompletableFuture<?>[] closing = all.stream().map(this::end).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(closing).thenApply(done -> new RecordedMedia(all.stream()
                .filter(file -> file.start >= 0)
                .map(StreamFile::recorded)
                .toList()));
    }
}
