package io.vidgate.broker.session;

import io.vidgate.protocol.rpc.EndReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vidgate.broker.session.RegistryException.Problem;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.StreamIds;
import io.vidgate.protocol.StreamType;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private static final MediaOptions CAMERA = new MediaOptions(true, true, true, true, "CAMERA", 30, null);

    private final List<String> events = new ArrayList<>();
    private final SessionRegistry registry = new SessionRegistry(new SessionLimits(100, 10), Clock.systemUTC(),
            new SessionEvents() {
                @Override
                public void sessionClosed(SessionSnapshot closed, EndReason reason) {
                    events.add("closed " + closed.id() + " " + reason.wireName());
                }

                @Override
                public void connectionEvicted(ConnectionSnapshot evicted, EndReason reason) {
                    events.add("evicted " + evicted.id());
                }

                @Override
                public void streamUnpublished(String sessionId, PublisherSnapshot stream, List<SubscriberSnapshot> subscribers,
                        EndReason reason) {
                    events.add("unpublished " + stream.streamId());
                }
            });

    @Test
    void theSignalingLayersJourneyThroughTheRegistry() {
        String sessionId = registry.createSession(SessionProperties.DEFAULT).id();
        String alice = pending(sessionId, Role.PUBLISHER);
        String bob = pending(sessionId, Role.SUBSCRIBER);

        ConnectionSnapshot joined = registry.activateConnection(sessionId, alice, new ActivationDetails("10.0.0.1", "Firefox", null, null));
        assertThat(joined.status()).isEqualTo(ConnectionStatus.ACTIVE);
        assertThat(joined.clientData()).isEmpty();
        registry.activateConnection(sessionId, bob, new ActivationDetails("10.0.0.2", "Chrome", "bob", null));

        String stream = StreamIds.generate(StreamType.CAMERA, alice);
        registry.addPublisher(sessionId, alice, stream, CAMERA);
        registry.addSubscriber(sessionId, bob, stream);
        assertThat(registry.updatePublisher(sessionId, stream, options -> options.withAudioActive(false)).mediaOptions().audioActive()).isFalse();
        assertThat(registry.connection(sessionId, bob).orElseThrow().subscribers()).extracting(SubscriberSnapshot::streamId).containsExactly(stream);

        assertThat(registry.removeSubscriber(sessionId, bob, stream)).isPresent();
        registry.addSubscriber(sessionId, bob, stream);
        UnpublishedStream unpublished = registry.removePublisher(sessionId, stream).orElseThrow();
        assertThat(unpublished.subscribers()).extracting(SubscriberSnapshot::connectionId).containsExactly(bob);
        assertThat(registry.connection(sessionId, bob).orElseThrow().subscribers()).isEmpty();

        assertThat(registry.removeConnection(sessionId, bob)).isPresent();
        assertThat(registry.removeConnection(sessionId, bob)).isEmpty();
        assertThat(events).as("changes the signaling layer makes itself are not echoed").isEmpty();
    }

    @Test
    void refusesWhatTheRulesForbid() {
        String sessionId = registry.createSession(SessionProperties.DEFAULT).id();
        String viewer = pending(sessionId, Role.SUBSCRIBER);
        String publisher = pending(sessionId, Role.PUBLISHER);
        String stream = StreamIds.generate(StreamType.CAMERA, publisher);

        assertProblem(() -> registry.addPublisher(sessionId, publisher, stream, CAMERA), Problem.CONNECTION_NOT_ACTIVE);
        registry.activateConnection(sessionId, viewer, new ActivationDetails(null, null, null, null));
        registry.activateConnection(sessionId, publisher, new ActivationDetails(null, null, null, null));
        assertProblem(() -> registry.addPublisher(sessionId, viewer, StreamIds.generate(StreamType.CAMERA, viewer), CAMERA),
                Problem.ROLE_CANNOT_PUBLISH);
        assertProblem(() -> registry.addPublisher(sessionId, publisher, StreamIds.generate(StreamType.CAMERA, viewer), CAMERA),
                Problem.INVALID_STREAM_ID);
        assertProblem(() -> registry.addSubscriber(sessionId, viewer, stream), Problem.UNKNOWN_STREAM);
        registry.addPublisher(sessionId, publisher, stream, CAMERA);
        assertProblem(() -> registry.addPublisher(sessionId, publisher, stream, CAMERA), Problem.STREAM_EXISTS);
        assertProblem(() -> registry.activateConnection(sessionId, "con_Nope000000", new ActivationDetails(null, null, null, null)),
                Problem.UNKNOWN_CONNECTION);
        assertProblem(() -> registry.activateConnection("ses_Nope000000", viewer, new ActivationDetails(null, null, null, null)),
                Problem.UNKNOWN_SESSION);
        assertProblem(() -> registry.sendSignal(new Signal(sessionId, List.of(viewer), null, null, "con_Nope000000")),
                Problem.UNKNOWN_CONNECTION);
        assertThat(registry.sendSignal(new Signal(sessionId, List.of(), "t", "d", publisher)))
                .extracting(ConnectionSnapshot::id).containsExactly(viewer, publisher);
    }

    @Test
    void closingASessionInvalidatesItsTokensAndReportsIt() {
        String sessionId = registry.createSession(SessionProperties.DEFAULT).id();
        String connection = pending(sessionId, Role.PUBLISHER);

        assertThat(registry.closeSession(sessionId, EndReason.LAST_PARTICIPANT_LEFT)).isPresent();

        assertThat(events).containsExactly("closed " + sessionId + " lastParticipantLeft");
        assertProblem(() -> registry.activateConnection(sessionId, connection, new ActivationDetails(null, null, null, null)),
                Problem.UNKNOWN_SESSION);
        assertThat(registry.closeSession(sessionId, EndReason.SESSION_CLOSED_BY_SERVER)).isEmpty();
        assertThat(registry.removeConnection(sessionId, connection)).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotUndoTheChange() {
        SessionRegistry failing = new SessionRegistry(new SessionLimits(10, 10), Clock.systemUTC(), new SessionEvents() {
            @Override
            public void sessionClosed(SessionSnapshot closed, EndReason reason) {
                throw new IllegalStateException("listener bug");
            }
        });
        String sessionId = failing.createSession(SessionProperties.DEFAULT).id();

        assertThat(failing.closeSession(sessionId, EndReason.SESSION_CLOSED_BY_SERVER)).isPresent();
        assertThat(failing.session(sessionId)).isEmpty();
    }

    @Test
    void capsHoldUnderConcurrency() throws Exception {
        SessionRegistry capped = new SessionRegistry(new SessionLimits(50, 20), Clock.systemUTC(), SessionEvents.NONE);
        String shared = capped.createSession(SessionProperties.DEFAULT.withCustomSessionId("shared")).id();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger sessionsRefused = new AtomicInteger();
        AtomicInteger connectionsRefused = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            work.add(pool.submit(() -> {
                start.await();
                try {
                    capped.createSession(SessionProperties.DEFAULT);
                } catch (RegistryException refused) {
                    assertThat(refused.problem()).isEqualTo(Problem.TOO_MANY_SESSIONS);
                    sessionsRefused.incrementAndGet();
                }
                try {
                    capped.addPendingConnection(shared, ConnectionIds.generate(), "ws://h?sessionId=shared&token=a.b.c",
                            ConnectionProperties.webRtc(Role.PUBLISHER, ""));
                } catch (RegistryException refused) {
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
        pool.shutdown();

        assertThat(capped.sessionCount()).isEqualTo(50);
        assertThat(sessionsRefused.get()).isEqualTo(200 - 49);
        assertThat(capped.session(shared).orElseThrow().connections()).hasSize(20);
        assertThat(connectionsRefused.get()).isEqualTo(180);
    }

    @Test
    void concurrentJoinsOfOneTokenLetExactlyOneIn() throws Exception {
        String sessionId = registry.createSession(SessionProperties.DEFAULT).id();
        String connection = pending(sessionId, Role.PUBLISHER);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger joined = new AtomicInteger();
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            attempts.add(pool.submit(() -> {
                try {
                    registry.activateConnection(sessionId, connection, new ActivationDetails(null, null, null, null));
                    joined.incrementAndGet();
                } catch (RegistryException alreadyUsed) {
                    assertThat(alreadyUsed.problem()).isEqualTo(Problem.CONNECTION_ALREADY_ACTIVE);
                }
            }));
        }
        for (Future<?> attempt : attempts) {
            attempt.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(joined.get()).isEqualTo(1);
    }

    @Test
    void valueChecks() {
        assertThatThrownBy(() -> new IceServer("turn:x:3478", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new IceServer("turns:x:5349?transport=tcp", "u", "secret").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> SessionProperties.DEFAULT.withCustomSessionId("bad id")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SessionProperties.DEFAULT.withCustomSessionId("").customSessionId()).isNull();
        assertThat(RecordingDefaults.of(null, null, false, "COMPOSED", null, null, null, null, null, null).recordingLayout())
                .as("no layout for an audio-only recording").isNull();
        ConnectionSnapshot snapshot = registry.addPendingConnection(registry.createSession(SessionProperties.DEFAULT).id(),
                ConnectionIds.generate(), "ws://h?sessionId=s&token=a.b.c", ConnectionProperties.webRtc(Role.PUBLISHER, ""));
        assertThat(snapshot.toString()).doesNotContain("token=");
    }

    private String pending(String sessionId, Role role) {
        return registry.addPendingConnection(sessionId, ConnectionIds.generate(), "ws://h?sessionId=" + sessionId + "&token=a.b.c",
                ConnectionProperties.webRtc(role, "")).id();
    }

    private static void assertProblem(Runnable call, Problem expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RegistryException.class,
                refused -> assertThat(refused.problem()).isEqualTo(expected));
    }
}
