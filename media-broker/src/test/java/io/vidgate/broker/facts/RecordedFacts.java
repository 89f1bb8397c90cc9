package io.vidgate.broker.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.vidgate.broker.facts.Fact.ParticipantJoined;
import io.vidgate.broker.facts.Fact.ParticipantLeft;
import io.vidgate.broker.facts.Fact.SessionCreated;
import io.vidgate.broker.facts.Fact.SessionDestroyed;
import io.vidgate.broker.facts.Fact.SessionFact;
import io.vidgate.broker.facts.Fact.SignalSent;
import io.vidgate.broker.facts.Fact.WebrtcConnection;
import io.vidgate.broker.facts.Fact.WebrtcConnectionCreated;
import io.vidgate.broker.facts.Fact.WebrtcConnectionDestroyed;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A {@link FactObserver} for end-to-end tests: records every fact the broker emits, in the order it heard them, and
 * lets a test wait for a session's facts. Observers hear facts on their own thread, after the change: a test awaits
 * them, it never reads them right after the request that caused them.
 *
 * <p>{@link #lines} writes a session's facts one per line, with the fields the order and the reasons of OpenVidu's
 * webhook events depend on, so that a test states a whole sequence in one assertion and a failure shows it all.
 */
public final class RecordedFacts implements FactObserver {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Every fact heard, in order; guarded by itself. */
    private final List<Fact> heard = new ArrayList<>();

    /** Adds the recorder to a test's context: {@code @Import(RecordedFacts.InContext.class)}. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class InContext {

        @Bean
        RecordedFacts recordedFacts() {
            return new RecordedFacts();
        }
    }

    @Override
    public void observe(Fact fact) {
        synchronized (heard) {
            heard.add(fact);
            heard.notifyAll();
        }
    }

    /** The facts of {@code sessionId} heard so far, in order (every session that had that id, one after the other). */
    public List<SessionFact> of(String sessionId) {
        synchronized (heard) {
            return facts(sessionId);
        }
    }

    /** Waits until at least {@code count} facts of {@code sessionId} were heard; returns all heard so far. */
    public List<SessionFact> awaitEvents(String sessionId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (heard) {
            while (facts(sessionId).size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Not " + count + " facts of " + sessionId + " within " + TIMEOUT
                            + "; heard " + describe(facts(sessionId), Map.of()));
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(heard, left);
            }
            return facts(sessionId);
        }
    }

    /**
     * Waits until at least {@code count} facts of {@code sessionId} were heard; returns all of them as {@link #lines},
     * with the connection ids replaced by the names in {@code names} (connection id → name).
     */
    public List<String> awaitLines(String sessionId, int count, Map<String, String> names) throws InterruptedException {
        return describe(awaitEvents(sessionId, count), names);
    }

    /** Waits for the first fact (of any session, or none) matching {@code wanted}. */
    public <T extends Fact> T await(Class<T> type, Predicate<T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (heard) {
            while (true) {
                for (Fact fact : heard) {
                    if (type.isInstance(fact) && wanted.test(type.cast(fact))) {
                        return type.cast(fact);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No matching " + type.getSimpleName() + " within " + TIMEOUT
                            + "; heard " + heard);
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(heard, left);
            }
        }
    }

    /**
     * Asserts that no fact of {@code sessionId} beyond the {@code count} already heard comes within {@code window}:
     * what did not happen (the other participant stays, the session is not closed) can only be watched for a while.
     */
    public void assertNoMore(String sessionId, int count, Duration window, Map<String, String> names)
            throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        synchronized (heard) {
            while (facts(sessionId).size() <= count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(heard, left);
            }
            List<String> all = describe(facts(sessionId), names);
            throw new AssertionError("Unexpected facts of " + sessionId + " after the first " + count + ": "
                    + all.subList(count, all.size()) + "; all: " + all);
        }
    }

    /**
     * Asserts the order OpenVidu's events of one session always have, whatever way out was taken: sessionCreated
     * first; a participant joins before its connections are created, and leaves after they and the others'
     * subscriptions to it are destroyed; a connection is created before it is destroyed; sessionDestroyed, if any,
     * last, once everyone has left. And what the end events report as their start is the start event's timestamp,
     * as OpenVidu's startTime is: the same participant and connection from beginning to end, the same session.
     */
    public void assertInOpenViduOrder(String sessionId) {
        List<SessionFact> facts = of(sessionId);
        String all = describe(facts, Map.of()).toString();
        assertThat(facts).as("facts of " + sessionId).isNotEmpty();
        assertThat(facts.get(0)).as("the first fact of " + all).isInstanceOf(SessionCreated.class);
        Map<String, Long> joined = new HashMap<>(); // connection id → participantJoined's timestamp
        List<String> left = new ArrayList<>();
        Map<String, Long> connections = new HashMap<>(); // key → webrtcConnectionCreated's timestamp
        long createdAt = facts.get(0).sessionCreatedAt();
        boolean destroyed = false;
        for (SessionFact fact : facts) {
            if (fact instanceof SessionCreated && fact != facts.get(0)) {
                // a session with the same id, after this one was destroyed: start over
                assertThat(destroyed).as("sessionCreated while the session was open: " + all).isTrue();
                joined.clear();
                left.clear();
                connections.clear();
                createdAt = fact.sessionCreatedAt();
                destroyed = false;
                continue;
            }
            assertThat(destroyed).as("a fact after sessionDestroyed: " + all).isFalse();
            assertThat(fact.sessionCreatedAt()).as("the session's createdAt in " + fact).isEqualTo(createdAt);
            if (fact instanceof ParticipantJoined j) {
                joined.put(j.participant().connectionId(), j.timestamp());
            } else if (fact instanceof WebrtcConnectionCreated c) {
                assertThat(joined).as("joined before its connection was created: " + all)
                        .containsKey(c.connection().connectionId());
                assertThat(left).as("not left before its connection was created: " + all)
                        .doesNotContain(c.connection().connectionId());
                connections.put(key(c.connection()), c.timestamp());
            } else if (fact instanceof WebrtcConnectionDestroyed d) {
                assertThat(connections).as("created before destroyed: " + all).containsKey(key(d.connection()));
                assertThat(d.startTime()).as("startTime of " + d).isEqualTo(connections.remove(key(d.connection())));
                assertThat(left).as("its participant had not left yet: " + all)
                        .doesNotContain(d.connection().connectionId());
            } else if (fact instanceof ParticipantLeft l) {
                String leaver = l.participant().connectionId();
                assertThat(joined).as("joined before it left: " + all).containsKey(leaver);
                assertThat(l.startTime()).as("startTime of " + l).isEqualTo(joined.get(leaver));
                // OpenVidu's KurentoSession.leave: the subscriptions to its stream, its own, its publisher, then left
                assertThat(connections.keySet()).as("its connections, and the others' to its stream, destroyed "
                        + "before it left: " + all).noneMatch(c -> c.startsWith(leaver + " ") || c.endsWith(" " + leaver));
                left.add(leaver);
            } else if (fact instanceof SessionDestroyed d) {
                assertThat(left).as("everyone left before the session was destroyed: " + all)
                        .containsExactlyInAnyOrderElementsOf(joined.keySet());
                assertThat(connections).as("every connection destroyed before the session: " + all).isEmpty();
                assertThat(d.startTime()).isEqualTo(createdAt);
                destroyed = true;
            }
        }
    }

    /** "connectionId streamId receivingFrom": one WebRtcEndpoint. */
    private static String key(WebrtcConnection connection) {
        return connection.connectionId() + " " + connection.streamId() + " " + connection.receivingFrom();
    }

    private List<SessionFact> facts(String sessionId) {
        List<SessionFact> facts = new ArrayList<>();
        for (Fact fact : heard) {
            if (fact instanceof SessionFact s && s.sessionId().equals(sessionId)) {
                facts.add(s);
            }
        }
        return facts;
    }

    /** {@link #line} of each fact. */
    public static List<String> describe(List<? extends Fact> facts, Map<String, String> names) {
        return facts.stream().map(fact -> line(fact, names)).toList();
    }

    /**
     * One fact as a line: its event, whose it is and why, e.g. {@code webrtcConnectionDestroyed INBOUND bob<-alice
     * disconnect}, {@code participantLeft alice networkDisconnect}, {@code sessionDestroyed lastParticipantLeft},
     * {@code signalSent from=alice to=[bob] type=chat data=hi}.
     */
    public static String line(Fact fact, Map<String, String> names) {
        if (fact instanceof ParticipantJoined j) {
            return "participantJoined " + name(j.participant().connectionId(), names);
        }
        if (fact instanceof ParticipantLeft l) {
            return "participantLeft " + name(l.participant().connectionId(), names) + " " + l.reason().wireName();
        }
        if (fact instanceof WebrtcConnectionCreated c) {
            return "webrtcConnectionCreated " + connection(c.connection(), names);
        }
        if (fact instanceof WebrtcConnectionDestroyed d) {
            return "webrtcConnectionDestroyed " + connection(d.connection(), names) + " " + d.reason().wireName();
        }
        if (fact instanceof SessionDestroyed d) {
            return "sessionDestroyed " + d.reason().wireName();
        }
        if (fact instanceof SignalSent s) {
            // the recipients sorted: OpenVidu reports a broadcast's in no particular order
            return "signalSent from=" + (s.from() == null ? "null" : name(s.from(), names)) + " to="
                    + s.to().stream().map(to -> name(to, names)).sorted().toList() + " type=" + s.type()
                    + " data=" + s.data();
        }
        return fact.event();
    }

    private static String connection(WebrtcConnection connection, Map<String, String> names) {
        return connection.inbound()
                ? "INBOUND " + name(connection.connectionId(), names) + "<-" + name(connection.receivingFrom(), names)
                : "OUTBOUND " + name(connection.connectionId(), names);
    }

    private static String name(String connectionId, Map<String, String> names) {
        return names.getOrDefault(connectionId, connectionId);
    }
}
