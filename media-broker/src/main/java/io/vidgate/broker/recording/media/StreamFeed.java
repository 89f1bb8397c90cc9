package io.vidgate.broker.recording.media;

import java.util.concurrent.CompletableFuture;

import io.vidgate.broker.room.PublishedStream;
import org.kurento.client.MediaElement;

/**
 * One stream a recording takes: the Kurento element the stream's endpoint feeds (its file's recorder, its port into
 * the grid). The element is written by the chain of Kurento requests that makes it; {@link #ended} under the
 * recording's monitor.
 */
class StreamFeed<E extends MediaElement> {

    final PublishedStream stream;
    /** What the stream gives the element. */
    final MediaKinds kinds;
    volatile E element;
    /** Done once the stream feeds its element (fails if it could not). */
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Null until the feed is being ended; done once the element no longer takes the stream's media. */
    CompletableFuture<Void> ended;

    StreamFeed(PublishedStream stream, MediaKinds kinds) {
        this.stream = stream;
        this.kinds = kinds;
    }
}
