package io.vidgate.broker.session;

import java.util.List;

/**
 * A connection at one moment. Immutable: what the REST API serialises and what the registry hands to the signaling
 * layer, so neither ever sees a half-updated connection.
 *
 * @param token    the token string the gateway minted for this connection (a bearer credential: never log it)
 * @param activeAt null while pending; so are ip, platform and location
 */
public record ConnectionSnapshot(
        String id,
        String sessionId,
        long createdAt,
        ConnectionProperties properties,
        String token,
        ConnectionStatus status,
        Long activeAt,
        String ip,
        String platform,
        String clientData,
        String location,
        List<PublisherSnapshot> publishers,
        List<SubscriberSnapshot> subscribers) {

    public ConnectionSnapshot {
        publishers = List.copyOf(publishers);
        subscribers = List.copyOf(subscribers);
    }

    public boolean isActive() {
        return status == ConnectionStatus.ACTIVE;
    }

    /** Without the token. */
    @Override
    public String toString() {
        return "ConnectionSnapshot[id=" + id + ", sessionId=" + sessionId + ", status=" + status + ", role="
                + properties.role() + ", publishers=" + publishers.size() + ", subscribers=" + subscribers.size() + "]";
    }
}
