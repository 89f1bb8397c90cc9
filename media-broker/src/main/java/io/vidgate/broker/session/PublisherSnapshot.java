package io.vidgate.broker.session;

/** A stream a connection publishes, at one moment. */
public record PublisherSnapshot(String streamId, String connectionId, long createdAt, MediaOptions mediaOptions) {
}
