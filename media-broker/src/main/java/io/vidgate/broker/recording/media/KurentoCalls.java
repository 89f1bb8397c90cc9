package io.vidgate.broker.recording.media;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.pipeline.Async;
import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.MediaElement;
import org.kurento.client.MediaObject;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kurento requests a recording makes, as futures. None blocks; each is bounded by the KMS transport's request
 * timeout ({@code vidgate.kurento.request-timeout}), as kurento-client's asynchronous calls have none of their own.
 */
final class KurentoCalls {

    private static final Logger log = LoggerFactory.getLogger(KurentoCalls.class);

    private KurentoCalls() {
    }

    static CompletableFuture<RecorderEndpoint> recorder(MediaPipeline pipeline, String uri, MediaKinds kinds) {
        return Async.call(c -> new RecorderEndpoint.Builder(pipeline, uri).withMediaProfile(kinds.profile())
                .buildAsync(c));
    }

    /**
     * A Composite with the grid's size and rate: its constructor parameters, KMS 7's defaults (800x600 at 15 fps) where
     * null.
     */
    static CompletableFuture<Composite> composite(MediaPipeline pipeline, Integer width, Integer height,
            Integer framerate) {
        Composite.Builder builder = new Composite.Builder(pipeline);
        if (width != null && height != null) {
            builder.withWidth(width).withHeight(height);
        }
        if (framerate != null) {
            builder.withFramerate(framerate);
        }
        return Async.call(builder::buildAsync);
    }

    static CompletableFuture<HubPort> hubPort(Composite composite) {
        return Async.call(c -> new HubPort.Builder(composite).buildAsync(c));
    }

    /** One connection per kind, in parallel. */
    static CompletableFuture<Void> connect(MediaElement source, MediaElement sink, MediaKinds kinds) {
        List<CompletableFuture<Void>> connections = new ArrayList<>(2);
        for (MediaType type : kinds.types()) {
            connections.add(Async.call(c -> source.connect(sink, type, c)));
        }
        return CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new));
    }

    static CompletableFuture<Void> record(RecorderEndpoint recorder) {
        return Async.call(recorder::record);
    }

    /** KMS answers once the file is closed (its last data written). */
    static CompletableFuture<Void> stopAndWait(RecorderEndpoint recorder) {
        return Async.call(recorder::stopAndWait);
    }

    /** Releases an object; a failure is logged (the object may be gone already), never passed on. */
    static CompletableFuture<Void> release(MediaObject object) {
        if (object == null) {
            return CompletableFuture.completedFuture(null);
        }
        return Async.<Void>call(object::release).exceptionally(failed -> {
            log.debug("Releasing {} failed: {}", object.getId(), Async.unwrap(failed).getMessage());
            return null;
        });
    }

    static CompletableFuture<Void> releaseAll(List<? extends MediaObject> objects) {
        return CompletableFuture.allOf(objects.stream().map(KurentoCalls::release).toArray(CompletableFuture[]::new));
    }
}
