package io.vidgate.broker.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SubscriberSnapshot;

/**
 * One connection of a {@link Room}, pending or joined, with everything the participant has: its link, its publisher
 * endpoint and its subscriptions. Not thread-safe: only touched while holding its room's lock.
 */
final class Member {

    /** A stream the participant publishes. {@code published} is null until its endpoint has negotiated. */
    static final class Publication {
        final String streamId;
        MediaEndpoint endpoint;
        PublisherSnapshot published;

        Publication(String streamId, MediaEndpoint endpoint) {
            this.streamId = streamId;
            this.endpoint = endpoint;
        }
    }

    /** A stream the participant receives. {@code subscribed} is null until its endpoint has negotiated. */
    static final class Subscription {
        final String streamId;
        final String publisherId;
        MediaEndpoint endpoint;
        SubscriberSnapshot subscribed;

        Subscription(String streamId, String publisherId, MediaEndpoint endpoint) {
            this.streamId = streamId;
            this.publisherId = publisherId;
            this.endpoint = endpoint;
        }
    }

    final String id;
    final long createdAt;
    final ConnectionProperties properties;
    final String token;
    ConnectionStatus status = ConnectionStatus.PENDING;
    long activeAt;
    ActivationDetails activation;
    /** Where notifications go; null while pending. Replaced when the participant resumes on a new socket. */
    volatile ParticipantLink link;
    /** What the participant presents to resume ({@code connect}); null while pending. */
    String resumeId;
    Publication publication;
    /** The latest {@code videoData}; null until the client sends one. */
    VideoData videoData;
    /** By the stream id received. */
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    Member(String id, long createdAt, ConnectionProperties properties, String token) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
        this.token = token;
    }

    boolean isActive() {
        return status == ConnectionStatus.ACTIVE;
    }

    /** The negotiated publication, or null. */
    PublisherSnapshot published() {
        return publication == null ? null : publication.published;
    }

    ConnectionSnapshot snapshot(String sessionId) {
        ActivationDetails details = activation;
        List<PublisherSnapshot> publishers = published() == null ? List.of() : List.of(published());
        List<SubscriberSnapshot> subscribers = new ArrayList<>(subscriptions.size());
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.subscribed != null) {
                subscribers.add(subscription.subscribed);
            }
        }
        return new ConnectionSnapshot(id, sessionId, createdAt, properties, token, status,
                isActive() ? activeAt : null,
                details == null ? null : details.ip(),
                details == null ? null : details.platform(),
                details == null ? null : details.clientData(),
                details == null ? null : details.location(),
                publishers, subscribers);
    }

    /** The participant as facts report it. */
    Fact.Participant asFact() {
        ActivationDetails details = activation;
        return new Fact.Participant(id, activeAt, properties.role(),
                details == null || details.location() == null ? "unknown" : details.location(),
                details == null ? null : details.ip(), details == null ? null : details.platform(),
                details == null ? "" : details.clientData(), properties.serverData());
    }
}
