package io.vidgate.broker.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vidgate.broker.SettableClock;
import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.room.RoomException.Problem;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.SessionLimits;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions and their participants without media: creation, caps, custom ids, pending connections, join and leave,
 * signals' recipients, closing and the lifecycle (the last one out closes the session; unused sessions are collected).
 * The KMS pool is never started: nothing here needs a pipeline.
 */
class RoomsTest {

    private static final ActivationDetails NO_DETAILS = new ActivationDetails(null, null, null, null);

    private final KmsPool pool = new KmsPool(new KurentoProperties(List.of(URI.create("ws://127.0.0.1:9/kurento")),
            Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10), 32, Duration.ofSeconds(10), null,
            3478, null));
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RecordedFacts facts = new RecordedFacts();
    private final FactStream factStream = new FactStream(List.of(facts), 1000);
    private final Rooms rooms = rooms(new SessionLimits(100, 10));

    @AfterEach
    void stop() {
        factStream.close();
        pool.close();
    }

    private Rooms rooms(SessionLimits limits) {
        return new Rooms(limits, clock, new PipelineManager(pool), connectionId -> IceConfig.NONE, factStream);
    }

    @Test
    void createsSessionsWithFreshOrCustomIdsAndFindsThem() {
        Room fresh = rooms.create(SessionProperties.DEFAULT);
        clock.advance(Duration.ofMillis(1));
        Room custom = rooms.create(SessionProperties.DEFAULT.withCustomSessionId("my-room"));

        assertThat(fresh.id()).isNotBlank().isNotEqualTo("my-room");
        assertThat(custom.id()).isEqualTo("my-room");
        assertProblem(() -> rooms.create(SessionProperties.DEFAULT.withCustomSessionId("my-room")), Problem.SESSION_EXISTS);
        assertThat(rooms.existing("my-room")).isSameAs(custom);
        assertProblem(() -> rooms.existing("ses_Nope000000"), Problem.UNKNOWN_SESSION);
        assertThat(rooms.room(null)).isEmpty();
        assertThat(rooms.sessions()).as("oldest first").extracting(SessionSnapshot::id)
                .containsExactly(fresh.id(), "my-room");
        assertThat(rooms.sessionCount()).isEqualTo(2);
    }

    @Test
    void participantsJoinAreToldOfEachOtherAndLeave() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String alice = pending(room, Role.PUBLISHER);
        String bob = pending(room, Role.SUBSCRIBER);
        RecordingLink aliceLink = new RecordingLink();
        RecordingLink bobLink = new RecordingLink();

        Room.Joined joined = room.join(alice, new ActivationDetails("10.0.0.1", "Firefox", null, null), aliceLink, "r-a");
        assertThat(joined.me().status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(joined.me().clientData()).isEmpty();
        assertThat(joined.me().ip()).isEqualTo("10.0.0.1");
        Room.Joined bobJoined = room.join(bob, new ActivationDetails("10.0.0.2", "Chrome", "bob", null), bobLink, "r-b");
        assertThat(bobJoined.session().connections()).extracting(ConnectionSnapshot::id).containsExactly(alice, bob);
        assertThat(aliceLink.told()).containsExactly("joined " + bob);
        assertThat(bobLink.told()).as("a participant is not told of its own join").isEmpty();
        assertThat(rooms.roomOfResumeId("r-b")).containsSame(room);
        assertThat(room.linkOf("r-b")).containsSame(bobLink);

        assertThat(room.leave(bob, EndReason.DISCONNECT)).isPresent();
        assertThat(room.leave(bob, EndReason.DISCONNECT)).isEmpty();
        assertThat(aliceLink.told()).containsExactly("joined " + bob, "left " + bob + " disconnect");
        assertThat(bobLink.told()).as("leaveRoom: the client closes its socket itself").containsExactly("detach");
        assertThat(rooms.roomOfResumeId("r-b")).isEmpty();
        assertThat(room.connection(bob)).isEmpty();
        assertThat(rooms.session(room.id())).as("Alice is still in").isPresent();
    }

    @Test
    void aParticipantRemovedByForceIsToldSoAndASilentSocketIsClosed() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink alice = new RecordingLink();
        RecordingLink bob = new RecordingLink();
        RecordingLink carol = new RecordingLink();
        String aliceId = joined(room, Role.PUBLISHER, alice);
        String bobId = joined(room, Role.PUBLISHER, bob);
        String carolId = joined(room, Role.PUBLISHER, carol);

        room.leave(bobId, EndReason.FORCE_DISCONNECT_BY_SERVER);
        room.leave(carolId, EndReason.NETWORK_DISCONNECT);

        assertThat(bob.told()).containsExactly("joined " + carolId, "evicted " + bobId + " forceDisconnectByServer",
                "detach");
        assertThat(carol.told()).containsExactly("left " + bobId + " forceDisconnectByServer", "detach closing");
        assertThat(alice.told()).containsExactly("joined " + bobId, "joined " + carolId,
                "left " + bobId + " forceDisconnectByServer", "left " + carolId + " networkDisconnect");
        assertThat(room.connection(aliceId)).isPresent();
    }

    @Test
    void leaveIfOnOnlyRemovesAParticipantStillOnThatLink() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink link = new RecordingLink();
        String alice = joined(room, Role.PUBLISHER, link);
        joined(room, Role.PUBLISHER, new RecordingLink());

        assertThat(room.leaveIfOn(alice, new RecordingLink(), EndReason.NETWORK_DISCONNECT))
                .as("an old socket of a participant that resumed elsewhere").isFalse();
        assertThat(room.connection(alice)).isPresent();
        assertThat(room.leaveIfOn(alice, link, EndReason.NETWORK_DISCONNECT)).isTrue();
        assertThat(room.connection(alice)).isEmpty();
    }

    @Test
    void refusesWhatTheRulesForbid() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String viewer = pending(room, Role.SUBSCRIBER);
        String publisher = pending(room, Role.PUBLISHER);

        assertProblem(() -> room.signal(new Signal(room.id(), List.of(), "t", "d", null)), Problem.SESSION_NOT_ACTIVE);
        assertProblem(() -> room.addPending(viewer, "t", ConnectionProperties.webRtc(Role.PUBLISHER, "")),
                Problem.CONNECTION_EXISTS);
        assertProblem(() -> room.join("con_Nope000000", NO_DETAILS, new RecordingLink(), "r-x"),
                Problem.UNKNOWN_CONNECTION);
        room.join(viewer, NO_DETAILS, new RecordingLink(), "r-v");
        room.join(publisher, NO_DETAILS, new RecordingLink(), "r-p");
        assertProblem(() -> room.join(viewer, NO_DETAILS, new RecordingLink(), "r-v2"), Problem.CONNECTION_ALREADY_ACTIVE);
        assertProblem(() -> room.signal(new Signal(room.id(), List.of(viewer), null, null, "con_Nope000000")),
                Problem.UNKNOWN_CONNECTION);
        String stillPending = pending(room, Role.PUBLISHER);
        assertProblem(() -> room.signal(new Signal(room.id(), List.of(stillPending), null, null, null)),
                Problem.INVALID_RECIPIENT);
        assertProblem(() -> room.signal(new Signal(room.id(), List.of(viewer), null, null, stillPending)),
                Problem.CONNECTION_NOT_ACTIVE);
        assertThat(room.signal(new Signal(room.id(), List.of(), "t", "d", publisher)))
                .as("to all active participants, the sender too").extracting(ConnectionSnapshot::id)
                .containsExactly(viewer, publisher);
    }

    @Test
    void signalsReachExactlyTheirRecipients() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink alice = new RecordingLink();
        RecordingLink bob = new RecordingLink();
        RecordingLink carol = new RecordingLink();
        String aliceId = joined(room, Role.PUBLISHER, alice);
        String bobId = joined(room, Role.PUBLISHER, bob);
        String carolId = joined(room, Role.PUBLISHER, carol);

        room.signal(new Signal(room.id(), List.of(bobId, bobId), "signal:chat", "hi", aliceId));
        room.signal(new Signal(room.id(), List.of(carolId), "signal:server", "from REST", null));

        assertThat(alice.told()).noneMatch(line -> line.startsWith("signal"));
        assertThat(bob.told()).filteredOn(line -> line.startsWith("signal"))
                .as("once, though named twice").containsExactly("signal signal:chat hi from " + aliceId);
        assertThat(carol.told()).filteredOn(line -> line.startsWith("signal"))
                .containsExactly("signal signal:server from REST from null");
    }

    @Test
    void theLastParticipantLeavingClosesTheSessionAndItsIdCanBeUsedAgain() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT.withCustomSessionId("lesson"));
        String alice = joined(room, Role.PUBLISHER, new RecordingLink());
        String bob = joined(room, Role.PUBLISHER, new RecordingLink());
        String neverCame = pending(room, Role.PUBLISHER);

        room.leave(neverCame, EndReason.FORCE_DISCONNECT_BY_SERVER);
        room.leave(alice, EndReason.DISCONNECT);
        assertThat(rooms.session("lesson")).as("a pending connection removed, and one participant left").isPresent();
        room.leave(bob, EndReason.NETWORK_DISCONNECT);

        assertThat(rooms.session("lesson")).isEmpty();
        assertThat(facts.await(Fact.SessionDestroyed.class, destroyed -> destroyed.sessionId().equals("lesson")).reason())
                .isEqualTo(EndReason.LAST_PARTICIPANT_LEFT);
        assertProblem(() -> room.addPending(ConnectionIds.generate(), "t", ConnectionProperties.webRtc(Role.PUBLISHER, "")),
                Problem.UNKNOWN_SESSION);
        Room again = rooms.create(SessionProperties.DEFAULT.withCustomSessionId("lesson"));
        assertThat(again).isNotSameAs(room);
        assertThat(rooms.existing("lesson")).isSameAs(again);
    }

    @Test
    void aPendingConnectionLeavingDoesNotCloseTheSession() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String pending = pending(room, Role.PUBLISHER);

        assertThat(room.leave(pending, EndReason.FORCE_DISCONNECT_BY_SERVER)).isPresent();
        assertThat(rooms.session(room.id())).as("OpenVidu keeps a session nobody joined yet").isPresent();
    }

    @Test
    void closingASessionEvictsItsParticipantsInvalidatesItsTokensAndReportsIt() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink aliceLink = new RecordingLink();
        String alice = joined(room, Role.PUBLISHER, aliceLink);
        String connection = pending(room, Role.PUBLISHER);

        assertThat(rooms.close(room.id(), EndReason.SESSION_CLOSED_BY_SERVER)).isPresent();

        assertThat(aliceLink.told()).containsExactly("evicted " + alice + " sessionClosedByServer", "detach");
        assertThat(facts.await(Fact.SessionDestroyed.class, destroyed -> destroyed.sessionId().equals(room.id())).reason())
                .isEqualTo(EndReason.SESSION_CLOSED_BY_SERVER);
        assertProblem(() -> room.join(connection, NO_DETAILS, new RecordingLink(), "r-c"), Problem.UNKNOWN_SESSION);
        assertThat(rooms.session(room.id())).isEmpty();
        assertThat(rooms.close(room.id(), EndReason.SESSION_CLOSED_BY_SERVER)).isEmpty();
        assertThat(room.close(EndReason.SESSION_CLOSED_BY_SERVER)).isEmpty();
        assertThat(room.leave(connection, EndReason.FORCE_DISCONNECT_BY_SERVER)).isEmpty();
        assertThat(room.leave(alice, EndReason.DISCONNECT)).isEmpty();
    }

    @Test
    void aFailingLinkDoesNotUndoTheChange() {
        Room room = rooms.create(SessionProperties.DEFAULT);
        RecordingLink bob = new RecordingLink();
        joined(room, Role.PUBLISHER, new RecordingLink() {
            @Override
            public void participantEvicted(String connectionId, EndReason reason) {
                throw new IllegalStateException("link bug");
            }
        });
        String bobId = joined(room, Role.PUBLISHER, bob);

        assertThat(rooms.close(room.id(), EndReason.SESSION_CLOSED_BY_SERVER)).isPresent();

        assertThat(rooms.session(room.id())).isEmpty();
        assertThat(bob.told()).as("the others are still told").contains("evicted " + bobId + " sessionClosedByServer");
    }

    @Test
    void theGarbageCollectorClosesOldUnusedSessionsOnly() throws Exception {
        Room unused = rooms.create(SessionProperties.DEFAULT);
        String token = pending(unused, Role.PUBLISHER);
        Room inUse = rooms.create(SessionProperties.DEFAULT);
        joined(inUse, Role.PUBLISHER, new RecordingLink());
        clock.advance(Duration.ofSeconds(20));
        Room young = rooms.create(SessionProperties.DEFAULT);

        assertThat(rooms.collectGarbage(Duration.ofSeconds(15))).isEqualTo(1);

        assertThat(rooms.session(unused.id())).isEmpty();
        // As OpenVidu's collector: no sessionDestroyed for a session nobody joined.
        facts.assertNoMore(unused.id(), 1, Duration.ofMillis(200), java.util.Map.of());
        assertThat(facts.of(unused.id())).extracting(Fact::event).containsExactly("sessionCreated");
        assertProblem(() -> unused.join(token, NO_DETAILS, new RecordingLink(), "r-t"), Problem.UNKNOWN_SESSION);
        assertThat(rooms.session(inUse.id())).as("a participant is in it").isPresent();
        assertThat(rooms.session(young.id())).as("created 0 s ago").isPresent();
        clock.advance(Duration.ofSeconds(20));
        assertThat(rooms.collectGarbage(Duration.ofSeconds(15))).isEqualTo(1);
        assertThat(rooms.sessions()).extracting(SessionSnapshot::id).containsExactly(inUse.id());
    }

    @Test
    void capsHoldUnderConcurrency() throws Exception {
        Rooms capped = rooms(new SessionLimits(50, 20));
        Room shared = capped.create(SessionProperties.DEFAULT.withCustomSessionId("shared"));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger sessionsRefused = new AtomicInteger();
        AtomicInteger connectionsRefused = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            work.add(threads.submit(() -> {
                start.await();
                try {
                    capped.create(SessionProperties.DEFAULT);
                } catch (RoomException refused) {
                    assertThat(refused.problem()).isEqualTo(Problem.TOO_MANY_SESSIONS);
                    sessionsRefused.incrementAndGet();
                }
                try {
                    shared.addPending(ConnectionIds.generate(), "ws://h?sessionId=shared&token=a.b.c",
                            ConnectionProperties.webRtc(Role.PUBLISHER, ""));
                } catch (RoomException refused) {
                    assertThat(refused.problem()).isEqualTo(Problem.TOO_MANY_CONNECTIONS);
                    connectionsRefused.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> task : work) {
            task.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(capped.sessionCount()).isEqualTo(50);
        assertThat(sessionsRefused.get()).isEqualTo(200 - 49);
        assertThat(capped.session("shared").orElseThrow().connections()).hasSize(20);
        assertThat(connectionsRefused.get()).isEqualTo(180);
    }

    @Test
    void concurrentJoinsOfOneTokenLetExactlyOneIn() throws Exception {
        Room room = rooms.create(SessionProperties.DEFAULT);
        String connection = pending(room, Role.PUBLISHER);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        AtomicInteger joined = new AtomicInteger();
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int attempt = i;
            attempts.add(threads.submit(() -> {
                try {
                    room.join(connection, NO_DETAILS, new RecordingLink(), "r-" + attempt);
                    joined.incrementAndGet();
                } catch (RoomException alreadyUsed) {
                    assertThat(alreadyUsed.problem()).isEqualTo(Problem.CONNECTION_ALREADY_ACTIVE);
                }
            }));
        }
        for (Future<?> attempt : attempts) {
            attempt.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(joined.get()).isEqualTo(1);
    }

    private static String pending(Room room, Role role) {
        return room.addPending(ConnectionIds.generate(), "ws://h?sessionId=" + room.id() + "&token=a.b.c",
                ConnectionProperties.webRtc(role, "")).id();
    }

    private static String joined(Room room, Role role, ParticipantLink link) {
        String id = pending(room, role);
        room.join(id, NO_DETAILS, link, "rpc-" + id);
        return id;
    }

    private static void assertProblem(Runnable call, Problem expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RoomException.class,
                refused -> assertThat(refused.problem()).isEqualTo(expected));
    }
}
