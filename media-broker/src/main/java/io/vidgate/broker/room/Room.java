package io.vidgate.broker.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.pipeline.EndpointListener;
import io.vidgate.broker.pipeline.EndpointSettings;
import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.PipelineException;
import io.vidgate.broker.pipeline.SessionPipeline;
import io.vidgate.broker.room.Member.Publication;
import io.vidgate.broker.room.Member.Subscription;
import io.vidgate.broker.room.RoomException.Problem;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.broker.session.SubscriberSnapshot;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamIds;
import io.vidgate.protocol.StreamType;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session: the one owner of its connections (pending and joined), each participant's link, publisher endpoint and
 * subscriptions, and the session's {@link SessionPipeline}. Every change to a session goes through here, and every way
 * a participant goes — leaveRoom, a silent or dead socket, eviction by a moderator or the REST API, the session
 * closing — goes through {@link #leave}. The signaling methods and REST controllers are adapters over these methods.
 *
 * <p><b>Concurrency.</b> The room's monitor guards all of its state, and no method holds it across a Kurento call or a
 * socket write: what a change causes — notifications, {@link Fact}s, Kurento releases — is queued on the room's
 * {@link Outbox} under the lock, in the order of the changes, and run once the lock is released, one thread at a time.
 * Rooms never lock each other. Kurento negotiations run outside the lock and come back to it to record their outcome,
 * which they find undone if the participant left meanwhile (then they release what they made).
 *
 * <p>{@link RoomMediaListener}s (recordings) hear of its streams from the outbox too, in the order of the changes. What
 * they must finish before Kurento objects go (a recorder closing its file) holds back only that release: a stream's
 * endpoint, or a closed room's pipeline, is released once they are done, or after a bounded wait
 * ({@link MediaListeners#AWAIT_SECONDS}); the effects queued after it do not wait.
 *
 * <p>Facts follow openvidu-server 2.32's order: a participant leaving first ends the subscriptions others have to its
 * stream, then its own, then its stream, then it has left; the last one out closes the session
 * ({@code lastParticipantLeft}). A participant in its reconnect grace is still a member.
 */
public final class Room implements io.vidgate.broker.pipeline.PipelineManager.PipelineLossListener {

    private static final Logger log = LoggerFactory.getLogger(Room.class);

    /** The reasons that make a session's end {@code lastParticipantLeft} (openvidu-server's RecordingManager). */
    private static final Set<EndReason> LAST_PARTICIPANT_LEFT = Set.of(EndReason.DISCONNECT,
            EndReason.FORCE_DISCONNECT_BY_USER, EndReason.FORCE_DISCONNECT_BY_SERVER, EndReason.NETWORK_DISCONNECT);

    /** What a join answers: the participant, and the session as it joined it. */
    public record Joined(ConnectionSnapshot me, SessionSnapshot session) {
    }

    /** What a publish answers. */
    public record Published(String streamId, long createdAt, String sdpAnswer) {
    }

    private final String id;
    private final long createdAt;
    private final SessionProperties properties;
    private final RoomContext context;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Outbox outbox = new Outbox();
    private final StreamReplacements replacements = new StreamReplacements(this);
    /** Null until the first publish needs it, and again after its KMS was lost. */
    private SessionPipeline pipeline;
    private boolean closed;

    Room(String id, long createdAt, SessionProperties properties, RoomContext context) {
        this.id = id;
        this.createdAt = createdAt;
        this.properties = properties;
        this.context = context;
        fact(new Fact.SessionCreated(id, createdAt));
        outbox.flush();
    }

    public String id() {
        return id;
    }

    public long createdAt() {
        return createdAt;
    }

    public SessionProperties properties() {
        return properties;
    }

    public synchronized SessionSnapshot snapshot() {
        return snapshotLocked();
    }

    public synchronized Optional<ConnectionSnapshot> connection(String connectionId) {
        Member member = connectionId == null ? null : members.get(connectionId);
        return member == null ? Optional.empty() : Optional.of(member.snapshot(id));
    }

    // ---- connections

    /**
     * Adds a pending connection with the id and token the gateway (or a backend's own token) gave it.
     *
     * @throws RoomException {@code UNKNOWN_SESSION} (closed), {@code CONNECTION_EXISTS}, {@code TOO_MANY_CONNECTIONS}
     */
    public synchronized ConnectionSnapshot addPending(String connectionId, String token, ConnectionProperties connection) {
        requireOpen();
        if (members.containsKey(connectionId)) {
            throw new RoomException(Problem.CONNECTION_EXISTS, "Connection " + connectionId + " already exists in session " + id);
        }
        int max = context.limits().maxConnectionsPerSession();
        if (members.size() >= max) {
            throw new RoomException(Problem.TOO_MANY_CONNECTIONS, "Session " + id + " already has " + members.size()
                    + " connections, the maximum (vidgate.sessions.max-connections-per-session)");
        }
        Member member = new Member(connectionId, now(), connection, token);
        members.put(connectionId, member);
        return member.snapshot(id);
    }

    /**
     * A client joined with the connection's token, on {@code link}. Single use: a second join fails.
     *
     * @param resumeId what the client presents to resume on a new socket ({@code connect}); unguessable
     * @throws RoomException {@code UNKNOWN_SESSION} (closed), {@code UNKNOWN_CONNECTION}, {@code CONNECTION_ALREADY_ACTIVE}
     */
    public Joined join(String connectionId, ActivationDetails details, ParticipantLink link, String resumeId) {
        Joined joined;
        synchronized (this) {
            requireOpen();
            Member me = existing(connectionId);
            if (me.isActive()) {
                throw new RoomException(Problem.CONNECTION_ALREADY_ACTIVE, "Connection " + connectionId
                        + " has joined already: a token can only be used once");
            }
            me.status = ConnectionStatus.ACTIVE;
            me.activeAt = now();
            me.activation = details;
            me.link = link;
            me.resumeId = resumeId;
            context.host().resumable(resumeId, this);
            ConnectionSnapshot snapshot = me.snapshot(id);
            tellOthers(me, other -> other.participantJoined(snapshot));
            fact(new Fact.ParticipantJoined(id, createdAt, me.asFact()));
            joined = new Joined(snapshot, snapshotLocked());
        }
        outbox.flush();
        return joined;
    }

    /** The participant that joined with this resume id, and its link, if it is still here. */
    public synchronized Optional<ParticipantLink> linkOf(String resumeId) {
        return members.values().stream()
                .filter(member -> resumeId.equals(member.resumeId))
                .map(member -> member.link)
                .findFirst();
    }

    /**
     * The one way out. A pending connection just disappears (its token no longer joins). A participant's
     * subscriptions and stream end, the others are told it left, and a participant removed by force is told so
     * ({@code participantEvicted}). The last participant out closes the session.
     *
     * @return the connection as it was; empty when it is not (or no longer) here
     */
    public Optional<ConnectionSnapshot> leave(String connectionId, EndReason reason) {
        ConnectionSnapshot before;
        synchronized (this) {
            Member member = connectionId == null ? null : members.get(connectionId);
            if (member == null) {
                return Optional.empty();
            }
            before = member.snapshot(id);
            remove(member, reason, true);
            if (before.isActive() && isUnusedLocked()) {
                closeLocked(LAST_PARTICIPANT_LEFT.contains(reason) ? EndReason.LAST_PARTICIPANT_LEFT : reason, true);
            }
        }
        outbox.flush();
        return Optional.of(before);
    }

    /** {@link #leave}, only while the participant is still on {@code link} (it may have resumed elsewhere). */
    public boolean leaveIfOn(String connectionId, ParticipantLink link, EndReason reason) {
        synchronized (this) {
            Member member = members.get(connectionId);
            if (member == null || member.link != link) {
                return false;
            }
        }
        // Nothing can move the participant to another link in between: a resume swaps the socket under the link.
        return leave(connectionId, reason).isPresent();
    }

    /**
     * Closes the session: every participant is removed ({@code participantEvicted} with {@code reason}), pending
     * tokens stop working, the pipeline goes.
     *
     * @return the session as it was; empty when it was closed already
     */
    public Optional<SessionSnapshot> close(EndReason reason) {
        SessionSnapshot before;
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            before = snapshotLocked();
            for (Member member : List.copyOf(members.values())) {
                remove(member, reason, false);
            }
            closeLocked(reason, true);
        }
        outbox.flush();
        return Optional.of(before);
    }

    /** Closes the session only if nobody is in it (the garbage collector): a join that wins the lock keeps it. */
    boolean closeIfUnused(EndReason reason) {
        synchronized (this) {
            if (closed || !isUnusedLocked()) {
                return false;
            }
            members.clear(); // pending connections only: their tokens stop working
            closeLocked(reason, false);
        }
        outbox.flush();
        return true;
    }

    // ---- media

    /**
     * publishVideo: a new stream of the participant, negotiated with {@code sdpOffer}. The endpoint is recorded at
     * once (so a trickled candidate that follows finds it), then negotiated without the lock.
     *
     * @throws RoomException {@code UNKNOWN_CONNECTION}, {@code CONNECTION_NOT_ACTIVE}, {@code ROLE_CANNOT_PUBLISH},
     *                       {@code ALREADY_PUBLISHING}; PipelineException when no KMS is available. The future fails
     *                       with a PipelineException (the negotiation) or a RoomException (the participant left).
     */
    public CompletableFuture<Published> publish(String connectionId, StreamType type, MediaOptions options,
            String sdpOffer) {
        Member me;
        Publication publication;
        SessionPipeline media;
        synchronized (this) {
            requireOpen();
            me = existingActive(connectionId);
            if (!me.properties.role().canPublish()) {
                throw new RoomException(Problem.ROLE_CANNOT_PUBLISH, "Connection " + connectionId + " has role "
                        + me.properties.role() + ", which cannot publish");
            }
            if (me.publication != null) {
                throw new RoomException(Problem.ALREADY_PUBLISHING, "Already publishing " + me.publication.streamId);
            }
            media = pipelineLocked();
            String streamId = StreamIds.generate(type, connectionId);
            publication = new Publication(streamId, media.newPublisher(streamId, listener(me, connectionId, streamId)));
            me.publication = publication;
        }
        return media.publish(publication.endpoint, sdpOffer, settings(me))
                .handle((sdpAnswer, failure) -> {
                    Published published = failure == null ? published(me, publication, options, sdpAnswer)
                            : forgetPublication(me, publication, failure);
                    outbox.flush();
                    return published;
                });
    }

    private Published published(Member me, Publication publication, MediaOptions options, String sdpAnswer) {
        synchronized (this) {
            if (me.publication == publication && members.get(me.id) == me) {
                publication.published = new PublisherSnapshot(publication.streamId, me.id, now(), options);
                ConnectionSnapshot publisher = me.snapshot(id);
                tellOthers(me, other -> other.participantPublished(publisher));
                fact(new Fact.WebrtcConnectionCreated(id, createdAt, outbound(me, publication.published)));
                PublishedStream stream = publishedStream(me, publication);
                outbox.add(() -> context.media().streamPublished(this, stream));
                return new Published(publication.streamId, publication.published.createdAt(), sdpAnswer);
            }
        }
        releaseNow(publication.endpoint); // it left (or unpublished) while the offer was negotiated
        throw new RoomException(Problem.UNKNOWN_CONNECTION, "Connection " + me.id + " left while publishing");
    }

    private Published forgetPublication(Member me, Publication publication, Throwable failure) {
        synchronized (this) {
            if (me.publication == publication) {
                me.publication = null;
            }
        }
        releaseNow(publication.endpoint);
        throw failed(failure);
    }

    /**
     * unpublishVideo by its publisher: the stream and every subscription to it end; the others are told.
     *
     * @throws RoomException {@code NOT_PUBLISHING}
     */
    public void unpublish(String connectionId) {
        synchronized (this) {
            Member me = members.get(connectionId);
            if (me == null || me.publication == null) {
                throw new RoomException(Problem.NOT_PUBLISHING, "Not publishing");
            }
            endStream(me, EndReason.UNPUBLISH);
        }
        outbox.flush();
    }

    /**
     * A stream stopped by force (a moderator's forceUnpublish, the REST API's DELETE): everyone, its publisher
     * included, is told.
     *
     * @return the stream as it was; empty when no participant publishes it
     */
    public Optional<PublisherSnapshot> forceUnpublish(String streamId, EndReason reason) {
        PublisherSnapshot stream;
        synchronized (this) {
            Member owner = publisherOf(streamId);
            if (owner == null || owner.published() == null) {
                return Optional.empty();
            }
            stream = owner.published();
            endStream(owner, reason);
        }
        outbox.flush();
        return Optional.of(stream);
    }

    /**
     * prepareReceiveVideoFrom, and receiveVideoFrom with the client's offer: a new subscription of the participant
     * to {@code streamId}, recorded at once, then negotiated.
     *
     * @param sdpOffer the client's offer; null for a server offer (which the future then holds)
     * @return the server's offer (sdpOffer null) or its answer
     * @throws RoomException {@code CONNECTION_NOT_ACTIVE}, {@code NOT_PUBLISHING} (nobody publishes that stream here),
     *                       {@code ALREADY_SUBSCRIBED}
     */
    public CompletableFuture<String> subscribe(String connectionId, String streamId, String sdpOffer) {
        Member me;
        Subscription subscription;
        SessionPipeline media;
        synchronized (this) {
            requireOpen();
            me = existingActive(connectionId);
            Member publisher = publisherOf(streamId);
            if (publisher == null || pipeline == null) {
                throw new RoomException(Problem.NOT_PUBLISHING, "Stream " + LogSafe.quote(streamId) + " is not being published");
            }
            if (me.subscriptions.containsKey(streamId)) {
                throw new RoomException(Problem.ALREADY_SUBSCRIBED, "Already subscribed to " + streamId);
            }
            media = pipeline;
            MediaEndpoint endpoint = media.newSubscriber(connectionId + "_" + streamId, publisher.publication.endpoint,
                    listener(me, publisher.id, streamId));
            subscription = new Subscription(streamId, publisher.id, endpoint);
            me.subscriptions.put(streamId, subscription);
        }
        if (sdpOffer == null) {
            return media.prepareSubscription(subscription.endpoint, settings(me))
                    .handle((offer, failure) -> {
                        if (failure != null) {
                            forgetSubscription(me, subscription, failure);
                        }
                        return offer;
                    });
        }
        return media.subscribeWithOffer(subscription.endpoint, sdpOffer, settings(me))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        forgetSubscription(me, subscription, failure);
                    }
                    subscribed(me, subscription);
                    return answer;
                });
    }

    /**
     * receiveVideoFrom with the client's answer to the server's offer of {@link #subscribe}.
     *
     * @throws RoomException {@code NOT_PREPARED}
     */
    public CompletableFuture<Void> completeSubscription(String connectionId, String streamId, String sdpAnswer) {
        Member me;
        Subscription subscription;
        SessionPipeline media;
        synchronized (this) {
            me = members.get(connectionId);
            subscription = me == null ? null : me.subscriptions.get(streamId);
            media = pipeline;
            if (subscription == null || media == null) {
                throw new RoomException(Problem.NOT_PREPARED, "No prepareReceiveVideoFrom for " + streamId);
            }
        }
        MediaEndpoint endpoint = subscription.endpoint;
        return media.completeSubscription(endpoint, sdpAnswer).handle((done, failure) -> {
            if (failure != null) {
                forgetSubscription(me, subscription, failure);
            }
            subscribed(me, subscription);
            return null;
        });
    }

    private void subscribed(Member me, Subscription subscription) {
        synchronized (this) {
            if (me.subscriptions.get(subscription.streamId) == subscription && members.get(me.id) == me) {
                if (subscription.subscribed == null) {
                    subscription.subscribed = new SubscriberSnapshot(subscription.streamId, me.id, now());
                    fact(new Fact.WebrtcConnectionCreated(id, createdAt, inbound(me, subscription, null)));
                }
                subscription = null;
            }
        }
        outbox.flush();
        if (subscription != null) {
            // The participant left, unsubscribed, or the stream ended while this negotiated.
            releaseNow(subscription.endpoint);
            throw new RoomException(Problem.NOT_PUBLISHING, "Stream " + subscription.streamId + " is not being published");
        }
    }

    private void forgetSubscription(Member me, Subscription subscription, Throwable failure) {
        synchronized (this) {
            me.subscriptions.remove(subscription.streamId, subscription);
        }
        releaseNow(subscription.endpoint);
        throw failed(failure);
    }

    /**
     * unsubscribeFromVideo: {@code name} is the stream id, or the publisher's connection id (what openvidu-browser
     * 2.32's Session.unsubscribe sends).
     *
     * @throws RoomException {@code NOT_SUBSCRIBED}
     */
    public void unsubscribe(String connectionId, String name) {
        synchronized (this) {
            Member me = members.get(connectionId);
            Subscription subscription = me == null ? null : subscriptionNamed(me, name);
            if (subscription == null) {
                throw new RoomException(Problem.NOT_SUBSCRIBED, "Not subscribed to " + name);
            }
            me.subscriptions.remove(subscription.streamId);
            endSubscription(me, subscription, null, EndReason.UNSUBSCRIBE);
        }
        outbox.flush();
    }

    /**
     * onIceCandidate: {@code endpointName} names the participant's own stream (by its connection id or stream id) or
     * a subscription (by the publisher's connection id, as openvidu-browser sends it, or the stream id).
     *
     * @throws RoomException {@code NOT_PUBLISHING} when the participant has no such endpoint
     */
    public void addIceCandidate(String connectionId, String endpointName, String candidate, String sdpMid,
            int sdpMLineIndex) {
        MediaEndpoint target;
        synchronized (this) {
            Member me = members.get(connectionId);
            target = me == null ? null : endpointNamed(me, endpointName);
        }
        if (target == null) {
            throw new RoomException(Problem.NOT_PUBLISHING, "No endpoint " + endpointName + " of this participant");
        }
        target.addIceCandidate(candidate, sdpMid, sdpMLineIndex);
    }

    /**
     * streamPropertyChanged on the participant's own, negotiated stream: its options change and the others are told.
     *
     * @throws RoomException {@code NOT_PUBLISHING}
     */
    public void changeStream(String connectionId, String streamId, UnaryOperator<MediaOptions> change,
            StreamPropertyChange notice) {
        synchronized (this) {
            Member me = members.get(connectionId);
            PublisherSnapshot before = me == null ? null : me.published();
            if (before == null || !before.streamId().equals(streamId)) {
                throw new RoomException(Problem.NOT_PUBLISHING, "Not your stream: " + streamId);
            }
            me.publication.published = new PublisherSnapshot(streamId, me.id, before.createdAt(),
                    change.apply(before.mediaOptions()));
            tellOthers(me, other -> other.streamPropertyChanged(notice));
        }
        outbox.flush();
    }

    /**
     * videoData: what the browser reports of its published video is kept with the participant and logged, as
     * openvidu-server 2.32 does.
     *
     * @throws RoomException {@code UNKNOWN_CONNECTION}
     */
    public void videoData(String connectionId, VideoData data) {
        synchronized (this) {
            existing(connectionId).videoData = data;
        }
        log.info("Video data of participant {} of session {}: height {}, width {}, video active {}, audio active {}",
                connectionId, id, data.height(), data.width(), data.videoActive(), data.audioActive());
    }

    /** The latest videoData of a participant; empty before it sent one. */
    public synchronized Optional<VideoData> videoDataOf(String connectionId) {
        Member member = members.get(connectionId);
        return Optional.ofNullable(member == null ? null : member.videoData);
    }

    /**
     * The streams published now, negotiated, in the order their publishers joined: what a recording started in the
     * middle of a call begins with ({@link RoomMediaListener} tells of the rest).
     */
    public synchronized List<PublishedStream> publishedStreams() {
        List<PublishedStream> streams = new ArrayList<>();
        for (Member member : members.values()) {
            if (member.published() != null) {
                streams.add(publishedStream(member, member.publication));
            }
        }
        return streams;
    }

    /**
     * A publisher's reconnection took over ({@link StreamReplacements#republish}): the media listeners move to its new
     * endpoint, unless the stream ended meanwhile.
     */
    void streamReconnected(String connectionId, String streamId, MediaEndpoint endpoint) {
        synchronized (this) {
            Member member = members.get(connectionId);
            Publication publication = member == null ? null : member.publication;
            if (publication == null || publication.published == null || !publication.streamId.equals(streamId)
                    || publication.endpoint != endpoint) {
                return;
            }
            PublishedStream stream = publishedStream(member, publication);
            outbox.add(() -> context.media().streamReconnected(this, stream));
        }
        outbox.flush();
    }

    /** reconnectStream and prepareReceiveVideoFrom with reconnect: see {@link StreamReplacements}. */
    public StreamReplacements replacements() {
        return replacements;
    }

    // ---- signals

    /**
     * Delivers a signal to its recipients: every active participant when {@code to} is empty, otherwise exactly
     * those named, each of which must be active (OpenVidu refuses the whole signal otherwise).
     *
     * @return the recipients
     * @throws RoomException {@code SESSION_NOT_ACTIVE}, {@code INVALID_RECIPIENT}, {@code UNKNOWN_CONNECTION} /
     *                       {@code CONNECTION_NOT_ACTIVE} for a bad {@code from}
     */
    public List<ConnectionSnapshot> signal(Signal signal) {
        List<ConnectionSnapshot> delivered = new ArrayList<>();
        synchronized (this) {
            requireOpen();
            List<Member> recipients = recipients(signal);
            for (Member recipient : recipients) {
                ParticipantLink link = recipient.link;
                outbox.add(() -> link.signal(signal));
                delivered.add(recipient.snapshot(id));
            }
            // OpenVidu reports a participant's signal type without its "signal:" prefix (CallDetailRecord).
            String type = signal.type() == null ? "signal" : signal.from() != null
                    ? signal.type().replaceFirst("^signal:", "") : signal.type();
            fact(new Fact.SignalSent(id, createdAt, now(), signal.from(),
                    recipients.stream().map(member -> member.id).toList(), type, signal.data()));
        }
        outbox.flush();
        return delivered;
    }

    private List<Member> recipients(Signal signal) {
        List<Member> active = members.values().stream().filter(Member::isActive).toList();
        if (active.isEmpty()) {
            throw new RoomException(Problem.SESSION_NOT_ACTIVE, "Session " + id + " has no active connections");
        }
        if (signal.from() != null) {
            existingActive(signal.from());
        }
        if (signal.to().isEmpty()) {
            return active;
        }
        List<Member> named = new ArrayList<>();
        for (String connectionId : new LinkedHashSet<>(signal.to())) {
            Member member = connectionId == null ? null : members.get(connectionId);
            if (member == null || !member.isActive()) {
                throw new RoomException(Problem.INVALID_RECIPIENT, "\"to\" names " + LogSafe.quote(connectionId)
                        + ", which is not an active connection of session " + id);
            }
            named.add(member);
        }
        return named;
    }

    // ---- the media server

    /**
     * The KMS under the pipeline was lost: every participant is told ({@code mediaError}) and every stream and
     * subscription ends ({@code mediaServerDisconnect}). The participants stay: their next publish gets a pipeline
     * on a healthy KMS.
     */
    @Override
    public void pipelineLost(SessionPipeline lost, List<MediaEndpoint> deadEndpoints, String why) {
        synchronized (this) {
            if (pipeline != lost) {
                return;
            }
            pipeline = null;
            log.warn("Session {} lost its media server ({}): {} endpoints gone", id, why, deadEndpoints.size());
            outbox.add(() -> context.media().pipelineLost(this, why));
            String error = "The media server of this session was lost (" + why + "); publish again";
            for (Member member : members.values()) {
                if (member.isActive()) {
                    ParticipantLink link = member.link;
                    outbox.add(() -> link.mediaError(error));
                }
            }
            for (Member member : List.copyOf(members.values())) {
                if (member.publication != null) {
                    endStream(member, EndReason.MEDIA_SERVER_DISCONNECT);
                }
            }
        }
        outbox.flush();
    }

    /**
     * Tells the joined participants whose role is one of {@code roles} (a recording's recordingStarted and
     * recordingStopped go to the roles {@code vidgate.recording.notification} names).
     */
    public void tell(Set<Role> roles, Consumer<ParticipantLink> message) {
        synchronized (this) {
            for (Member member : members.values()) {
                if (member.isActive() && roles.contains(member.properties.role())) {
                    ParticipantLink link = member.link;
                    outbox.add(() -> message.accept(link));
                }
            }
        }
        outbox.flush();
    }

    // ---- internals, all called with the lock held

    /** Removes a member, its subscriptions and stream (OpenVidu's order), and tells who needs telling. */
    private void remove(Member member, EndReason reason, boolean tellOthers) {
        members.remove(member.id);
        if (!member.isActive()) {
            return;
        }
        if (member.publication != null) {
            endSubscriptionsTo(member.publication.streamId, member.published(), reason);
        }
        for (Subscription subscription : List.copyOf(member.subscriptions.values())) {
            member.subscriptions.remove(subscription.streamId);
            endSubscription(member, subscription, null, reason);
        }
        if (member.publication != null) {
            endPublication(member, reason);
        }
        context.host().notResumable(member.resumeId);
        ParticipantLink link = member.link;
        boolean forced = reason == EndReason.FORCE_DISCONNECT_BY_USER || reason == EndReason.FORCE_DISCONNECT_BY_SERVER
                || reason == EndReason.SESSION_CLOSED_BY_SERVER;
        outbox.add(() -> {
            if (forced) {
                link.participantEvicted(member.id, reason);
            }
            // openvidu-browser closes its socket after leaveRoom's answer and after participantEvicted; a socket
            // that went silent, or whose reconnect grace ran out, is closed by the server.
            link.detach(reason == EndReason.NETWORK_DISCONNECT);
        });
        if (tellOthers) {
            tellOthers(member, other -> other.participantLeft(member.id, reason));
        }
        fact(new Fact.ParticipantLeft(id, createdAt, member.asFact(), now(), reason));
    }

    /** A publisher's stream ends (OpenVidu's unpublish order: the stream, then the subscriptions to it). */
    private void endStream(Member publisher, EndReason reason) {
        String streamId = publisher.publication.streamId;
        PublisherSnapshot stream = publisher.publication.published;
        boolean announced = stream != null; // nobody heard of a stream still negotiating
        endPublication(publisher, reason);
        endSubscriptionsTo(streamId, stream, reason);
        if (!announced) {
            return;
        }
        boolean toAll = reason != EndReason.UNPUBLISH;
        for (Member member : members.values()) {
            if (member.isActive() && (toAll || member != publisher)) {
                ParticipantLink link = member.link;
                outbox.add(() -> link.participantUnpublished(publisher.id, reason));
            }
        }
    }

    /**
     * The publisher's stream ends: the media listeners finish with it (a recorder closes its file) before its endpoint
     * is released.
     */
    private void endPublication(Member publisher, EndReason reason) {
        Publication publication = publisher.publication;
        if (publication.published == null) {
            publisher.publication = null;
            release(publication.endpoint);
            return;
        }
        PublishedStream stream = publishedStream(publisher, publication);
        publisher.publication = null;
        fact(new Fact.WebrtcConnectionDestroyed(id, createdAt, outbound(publisher, publication.published), now(),
                reason));
        SessionPipeline media = pipeline;
        MediaEndpoint endpoint = publication.endpoint;
        outbox.add(() -> context.media().streamEnding(this, stream, reason)
                .thenRun(() -> releaseEndpoint(media, endpoint)));
    }

    /**
     * @param stream the publisher's stream as it ends: by then the publisher may have left the room (leaving) or
     *               dropped its publication (unpublishing: OUTBOUND first), and the subscribers'
     *               webrtcConnectionDestroyed still carry the stream's videoSource, videoFramerate and
     *               videoDimensions, as openvidu-server's do
     */
    private void endSubscriptionsTo(String streamId, PublisherSnapshot stream, EndReason reason) {
        for (Member member : members.values()) {
            Subscription subscription = member.subscriptions.remove(streamId);
            if (subscription != null) {
                endSubscription(member, subscription, stream, reason);
            }
        }
    }

    /** @param stream the publisher's stream, or null to look it up (its publisher still in the room, publishing) */
    private void endSubscription(Member subscriber, Subscription subscription, PublisherSnapshot stream,
            EndReason reason) {
        if (subscription.subscribed != null) {
            fact(new Fact.WebrtcConnectionDestroyed(id, createdAt, inbound(subscriber, subscription, stream), now(),
                    reason));
        }
        release(subscription.endpoint);
    }

    /**
     * @param report whether observers hear of it: not for a session the garbage collector takes, which OpenVidu
     *               removes without a sessionDestroyed (its webhook consumers only ever saw the sessionCreated)
     */
    private void closeLocked(EndReason reason, boolean report) {
        closed = true;
        members.clear();
        if (report) {
            fact(new Fact.SessionDestroyed(id, createdAt, now(), reason));
        }
        context.host().closed(this);
        SessionPipeline media = pipeline;
        pipeline = null;
        // The media listeners finish with the room (a recording closes its files) before its pipeline goes.
        outbox.add(() -> context.media().roomClosing(this, reason).thenRun(() -> {
            if (media != null) {
                context.pipelines().release(media);
            }
        }));
        log.info("Session {} closed ({})", id, reason.wireName());
    }

    private SessionPipeline pipelineLocked() {
        if (pipeline == null || !pipeline.alive()) {
            pipeline = context.pipelines().place(id, this);
        }
        return pipeline;
    }

    /** Releases an endpoint once the lock is let go (a publisher's release takes its subscriptions along). */
    void release(MediaEndpoint endpoint) {
        SessionPipeline media = pipeline;
        if (media == null || endpoint == null) {
            return; // the pipeline went with its KMS, or with the session: its endpoints with it
        }
        outbox.add(() -> releaseEndpoint(media, endpoint));
    }

    /** @param media null when the pipeline went with its KMS (its endpoints with it) */
    private static void releaseEndpoint(SessionPipeline media, MediaEndpoint endpoint) {
        if (media == null || endpoint == null) {
            return;
        }
        media.release(endpoint).exceptionally(failed -> {
            log.debug("Releasing {} failed: {}", endpoint, failed.getMessage());
            return null;
        });
    }

    /** A negotiated publication as media listeners see it; with the lock held. */
    private PublishedStream publishedStream(Member publisher, Publication publication) {
        PublisherSnapshot published = publication.published;
        return new PublishedStream(publisher.snapshot(id), publication.streamId, published.mediaOptions(),
                publication.endpoint, pipeline, published.createdAt());
    }

    /** {@link #release}, from outside the lock. */
    private void releaseNow(MediaEndpoint endpoint) {
        synchronized (this) {
            release(endpoint);
        }
        outbox.flush();
    }

    /**
     * What a participant's endpoints are set up with: its own STUN/TURN credential, the server's video bandwidths
     * overridden by its connection's kurentoOptions, the session's forcedVideoCodec/allowTranscoding.
     */
    EndpointSettings settings(Member member) {
        return EndpointSettings.of(context.iceFor(member.id), context.pipelines().videoBandwidth(),
                member.properties.kurentoOptions(), properties.forcedVideoCodec(), properties.allowTranscoding());
    }

    private void fact(Fact fact) {
        outbox.add(() -> context.facts().publish(fact));
    }

    private void tellOthers(Member except, Consumer<ParticipantLink> message) {
        for (Member member : members.values()) {
            if (member != except && member.isActive()) {
                ParticipantLink link = member.link;
                outbox.add(() -> message.accept(link));
            }
        }
    }

    private Fact.WebrtcConnection outbound(Member publisher, PublisherSnapshot stream) {
        return new Fact.WebrtcConnection(stream.streamId(), publisher.id, null, stream.mediaOptions(), stream.createdAt());
    }

    /** @param known the publisher's stream, or null to look it up */
    private Fact.WebrtcConnection inbound(Member subscriber, Subscription subscription, PublisherSnapshot known) {
        PublisherSnapshot stream = known;
        if (stream == null) {
            Member publisher = members.get(subscription.publisherId);
            stream = publisher == null ? null : publisher.published();
        }
        MediaOptions media = stream != null ? stream.mediaOptions() : new MediaOptions(true, true, true, true, null, null, null);
        return new Fact.WebrtcConnection(subscription.streamId, subscriber.id, subscription.publisherId, media,
                subscription.subscribed.createdAt());
    }

    /** KMS candidates of an endpoint: to the participant's socket as {@code iceCandidate}; its errors as mediaError. */
    private EndpointListener listener(Member me, String senderConnectionId, String endpointName) {
        return new EndpointListener() {
            @Override
            public void iceCandidate(String kmsName, String candidate, String sdpMid, int sdpMLineIndex) {
                me.link.iceCandidate(senderConnectionId, endpointName, candidate, sdpMid, sdpMLineIndex);
            }

            @Override
            public void mediaError(String kmsName, String description, int errorCode) {
                me.link.mediaError(description);
            }
        };
    }

    Member publisherOf(String streamId) {
        Member owner = StreamIds.connectionIdOf(streamId).map(members::get).orElse(null);
        return owner != null && owner.publication != null && owner.publication.streamId.equals(streamId) ? owner : null;
    }

    /** A subscription by stream id, or by its publisher's connection id. */
    static Subscription subscriptionNamed(Member me, String name) {
        Subscription byStream = me.subscriptions.get(name);
        if (byStream != null) {
            return byStream;
        }
        for (Subscription subscription : me.subscriptions.values()) {
            if (subscription.publisherId.equals(name)) {
                return subscription;
            }
        }
        return null;
    }

    private static MediaEndpoint endpointNamed(Member me, String name) {
        Publication own = me.publication;
        if (own != null && (name.equals(me.id) || name.equals(own.streamId))) {
            return own.endpoint;
        }
        Subscription subscription = subscriptionNamed(me, name);
        return subscription == null ? null : subscription.endpoint;
    }

    Member member(String connectionId) {
        return connectionId == null ? null : members.get(connectionId);
    }

    SessionPipeline pipeline() {
        return pipeline;
    }

    private SessionSnapshot snapshotLocked() {
        return new SessionSnapshot(id, createdAt, properties, members.values().stream().map(m -> m.snapshot(id)).toList());
    }

    private boolean isUnusedLocked() {
        return members.values().stream().noneMatch(Member::isActive);
    }

    private Member existing(String connectionId) {
        Member member = connectionId == null ? null : members.get(connectionId);
        if (member == null) {
            throw new RoomException(Problem.UNKNOWN_CONNECTION, "No connection " + LogSafe.quote(connectionId)
                    + " in session " + id);
        }
        return member;
    }

    private Member existingActive(String connectionId) {
        Member member = existing(connectionId);
        if (!member.isActive()) {
            throw new RoomException(Problem.CONNECTION_NOT_ACTIVE, "Connection " + connectionId + " has not joined yet");
        }
        return member;
    }

    private void requireOpen() {
        if (closed) {
            throw new RoomException(Problem.UNKNOWN_SESSION, "Session " + id + " is closed");
        }
    }

    private long now() {
        return context.clock().millis();
    }

    /** A negotiation's failure, as the future's exception: a PipelineException or RoomException as it is. */
    static RuntimeException failed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PipelineException || cause instanceof RoomException) {
            return (RuntimeException) cause;
        }
        return new PipelineException(PipelineException.Kind.KMS_ERROR, String.valueOf(cause.getMessage()), cause);
    }
}
