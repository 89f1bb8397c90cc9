package io.vidgate.broker.session;

import java.util.List;

/** A stream that was removed, with the subscriptions to it that were removed along with it. */
public record UnpublishedStream(String sessionId, PublisherSnapshot publisher, List<SubscriberSnapshot> subscribers) {

    public UnpublishedStream {
        subscribers = List.copyOf(subscribers);
    }
}
