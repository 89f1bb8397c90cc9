package io.vidgate.broker.session;

/**
 * One subscription, at one moment: connection {@code connectionId} receives stream {@code streamId}.
 */
public record SubscriberSnapshot(String streamId, String connectionId, long createdAt) {
}
