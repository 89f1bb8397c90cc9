package io.vidgate.broker.room;

import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.MediaOptions;

/**
 * A published stream, as a {@link RoomMediaListener} sees it.
 *
 * @param publisher the publishing connection (its clientData and serverData name the stream's files)
 * @param endpoint  the publisher's endpoint on Kurento
 * @param pipeline  the session's pipeline, where other elements may be connected to the endpoint
 * @param publishedAt when it was published (epoch milliseconds)
 */
public record PublishedStream(ConnectionSnapshot publisher, String streamId, MediaOptions options,
        MediaEndpoint endpoint, SessionPipeline pipeline, long publishedAt) {
}
