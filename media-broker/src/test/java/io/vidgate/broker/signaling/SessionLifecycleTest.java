package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.vidgate.broker.facts.Fact.SessionCreated;
import io.vidgate.broker.facts.Fact.SessionFact;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * OpenVidu 2.32's session lifecycle, as apps rely on it: a session closes when its last participant leaves
 * ({@code lastParticipantLeft}), is then 404 and its id free for a fresh session; a participant inside its reconnect
 * grace still counts; sessions nobody joined are garbage-collected, silently, as openvidu-server's
 * {@code SessionManager.closeNonActiveSessions} does.
 */
@TestPropertySource(properties = {
        "vidgate.signaling.ping-timeout=" + SessionLifecycleTest.PING_TIMEOUT_MS + "ms",
        "vidgate.signaling.reconnect-grace=" + SessionLifecycleTest.GRACE_MS + "ms",
        "vidgate.sessions.garbage-interval=" + SessionLifecycleTest.GARBAGE_INTERVAL_MS + "ms",
        "vidgate.sessions.garbage-threshold=" + SessionLifecycleTest.GARBAGE_THRESHOLD_MS + "ms"})
class SessionLifecycleTest extends SignalingEndToEndSupport {

    static final long PING_TIMEOUT_MS = 5000;
    static final long GRACE_MS = 3000;
    static final Duration EVICTED_WITHIN = Duration.ofMillis(Math.max(PING_TIMEOUT_MS, GRACE_MS) + 3000);
    // Every session of this class that nobody joins is collected 3 s after its creation: the tests join theirs at
    // once (in milliseconds), and the one that waits for the collector waits seconds, not an hour.
    static final long GARBAGE_INTERVAL_MS = 500;
    static final long GARBAGE_THRESHOLD_MS = 3000;
    static final Duration COLLECTED_WITHIN = Duration.ofMillis(GARBAGE_THRESHOLD_MS + 2 * GARBAGE_INTERVAL_MS + 3000);


    private int status(String path) {
        return rest("GET", path, null).status();
    }

    private JsonNode createSession(String customSessionId) {
        Http created = rest("POST", "/openvidu/api/sessions", "{\"customSessionId\":\"" + customSessionId + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json();
    }

    // ---- the last participant leaves

    @Test
    void theLastParticipantLeavingClosesTheSessionAndItsIdMakesAFreshSession() throws Exception {
        String session = "lifecycle-" + UUID.randomUUID();
        long createdAt = createSession(session).get("createdAt").longValue();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        bob.subscribe(alice.publish(PUBLISH_OFFER), BrowserSdp::answerTo);
        Map<String, String> names = Map.of(alice.connectionId, "alice", bob.connectionId, "bob");

        assertThat(bob.call("leaveRoom", null).has("result")).isTrue();
        // One participant is still in: the session stays.
        facts.assertNoMore(session, 7, Duration.ofMillis(500), names);
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(200);
        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();

        assertThat(facts.awaitLines(session, 10, names)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "participantJoined bob",
                "webrtcConnectionCreated OUTBOUND alice",
                "webrtcConnectionCreated INBOUND bob<-alice",
                "webrtcConnectionDestroyed INBOUND bob<-alice disconnect",
                "participantLeft bob disconnect",
                "webrtcConnectionDestroyed OUTBOUND alice disconnect",
                "participantLeft alice disconnect",
                "sessionDestroyed lastParticipantLeft");
        assertThat(facts.of(session).get(0).sessionCreatedAt()).as("sessionCreated's timestamp is the createdAt "
                + "the REST API answered").isEqualTo(createdAt);
        awaitNoKmsObjects();
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(404);
        assertThat(status("/openvidu/api/sessions/" + session + "/connection")).isEqualTo(404);
        assertThat(rest("GET", "/openvidu/api/sessions", null).json().get("content").valueStream()
                .map(s -> s.get("id").stringValue())).doesNotContain(session);

        // The id is free: the same customSessionId makes a new session, with its own createdAt and sessionCreated.
        long recreatedAt = createSession(session).get("createdAt").longValue();
        assertThat(recreatedAt).isGreaterThan(createdAt);
        List<SessionFact> all = facts.awaitEvents(session, 11);
        assertThat(all.get(10)).isInstanceOf(SessionCreated.class);
        assertThat(all.get(10).sessionCreatedAt()).isEqualTo(recreatedAt);
        assertThat(all.get(10).uniqueSessionId()).isNotEqualTo(all.get(0).uniqueSessionId());
        facts.assertInOpenViduOrder(session);
        // …and it works as the first one did.
        OpenViduTestClient carol = join(session, Role.PUBLISHER);
        assertThat(carol.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(session, 14, Map.of(carol.connectionId, "carol")).subList(11, 14)).containsExactly(
                "participantJoined carol",
                "participantLeft carol disconnect",
                "sessionDestroyed lastParticipantLeft");
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(404);
    }

    // ---- the reconnect grace

    @Test
    void aParticipantInsideItsGraceKeepsTheSessionOpenAndResumingKeepsItIn() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        alice.publish(PUBLISH_OFFER);
        Map<String, String> names = Map.of(alice.connectionId, "alice");
        facts.awaitEvents(session, 3);

        alice.abort(); // the only participant's network drops

        // She may come back: she still counts, the session stays.
        facts.assertNoMore(session, 3, Duration.ofMillis(GRACE_MS / 2), names);
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(200);
        // She does, with openvidu-browser's connect, and stays past the grace: no participantLeft, no session end.
        OpenViduTestClient resumed = open();
        assertThat(resumed.result("connect", params("sessionId", alice.rpcSessionId, "reconnect", true))
                .get("sessionId").stringValue()).isEqualTo(alice.rpcSessionId);
        facts.assertNoMore(session, 3, Duration.ofMillis(GRACE_MS + 1000), names);
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(200);
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(1);

        assertThat(resumed.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(session, 6, names)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "webrtcConnectionCreated OUTBOUND alice",
                "webrtcConnectionDestroyed OUTBOUND alice disconnect",
                "participantLeft alice disconnect",
                "sessionDestroyed lastParticipantLeft");
        awaitNoKmsObjects();
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(404);
    }

    @Test
    void theLastParticipantWhoNeverResumesClosesTheSessionOnceTheGraceIsOver() throws Exception {
        String session = newSession();
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        alice.publish(PUBLISH_OFFER);
        Map<String, String> names = Map.of(alice.connectionId, "alice");
        facts.awaitEvents(session, 3);

        alice.abort();

        assertThat(facts.awaitLines(session, 6, names)).containsExactly(
                "sessionCreated",
                "participantJoined alice",
                "webrtcConnectionCreated OUTBOUND alice",
                "webrtcConnectionDestroyed OUTBOUND alice networkDisconnect",
                "participantLeft alice networkDisconnect",
                "sessionDestroyed lastParticipantLeft");
        awaitNoKmsObjects();
        assertThat(status("/openvidu/api/sessions/" + session)).isEqualTo(404);
    }

    // ---- the garbage collector

    @Test
    void sessionsNobodyJoinedAreCollectedSilentlyAndAJoinedOneIsNot() throws Exception {
        long start = System.nanoTime();
        String empty = newSession();
        // A connection created for it (a token handed out) does not make it active: OpenVidu's session stays in
        // sessionsNotActive until someone joins.
        String pending = newSession();
        String pendingConnection = newConnection(pending, Role.PUBLISHER).connectionId();
        String joined = newSession();
        OpenViduTestClient alice = join(joined, Role.PUBLISHER);

        awaitTrue("both unjoined sessions collected", () -> status("/openvidu/api/sessions/" + empty) == 404
                && status("/openvidu/api/sessions/" + pending) == 404, COLLECTED_WITHIN);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not before the threshold")
                .isGreaterThanOrEqualTo(Duration.ofMillis(GARBAGE_THRESHOLD_MS));
        // As openvidu-server: a connection of a session that does not exist (anymore) is a 400.
        assertThat(status("/openvidu/api/sessions/" + pending + "/connection/" + pendingConnection)).isEqualTo(400);
        // OpenVidu removes them without a sessionDestroyed (cleanCollections, not closeSessionAndEmptyCollections):
        // a webhook consumer saw their sessionCreated only.
        for (String collected : new String[] {empty, pending}) {
            facts.assertNoMore(collected, 1, Duration.ofMillis(300), Map.of());
            assertThat(RecordedFacts.describe(facts.of(collected), Map.of())).containsExactly("sessionCreated");
        }
        // Their ids are free again.
        assertThat(createSession(empty).get("id").stringValue()).isEqualTo(empty);

        // The joined one is older than the threshold too, and stays while Alice is in.
        Thread.sleep(2 * GARBAGE_INTERVAL_MS); // nothing to await: the collector runs and must not take it
        assertThat(status("/openvidu/api/sessions/" + joined)).isEqualTo(200);
        assertThat(alice.result("ping", params()).get("value").stringValue()).isEqualTo("pong");
        Map<String, String> names = Map.of(alice.connectionId, "alice");
        assertThat(facts.awaitLines(joined, 2, names)).containsExactly("sessionCreated", "participantJoined alice");
        assertThat(alice.call("leaveRoom", null).has("result")).isTrue();
        assertThat(facts.awaitLines(joined, 4, names).subList(2, 4)).containsExactly(
                "participantLeft alice disconnect",
                "sessionDestroyed lastParticipantLeft");
        awaitNoKmsObjects();
    }
}
