package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.vidgate.gateway.edge.ResumableSessions.Holding;
import io.vidgate.gateway.edge.ResumableSessions.Resumable;
import io.vidgate.turn.testing.MutableClock;
import org.junit.jupiter.api.Test;

class ResumableSessionsTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Resumable ALICE = new Resumable("ses_Alice00001", "con_Alice00001");
    private static final Resumable BOB = new Resumable("ses_Alice00001", "con_Bob0000001");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ResumableSessions sessions = new ResumableSessions(4, WINDOW, clock);

    @Test
    void aClosedSocketsIdResumesOnceWithinTheWindow() {
        Holding socket = sessions.holding();
        socket.learned("rpc_alice", ALICE);
        socket.closed();
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(sessions.claim("rpc_alice")).isEqualTo(ALICE);
        assertThat(sessions.claim("rpc_alice")).as("one resume per close").isNull();
    }

    @Test
    void theWindowCountsFromTheClose() {
        Holding socket = sessions.holding();
        socket.learned("rpc_alice", ALICE);
        clock.advance(WINDOW.multipliedBy(3)); // open for a long time: no expiry while open
        socket.closed();
        clock.advance(WINDOW);
        assertThat(sessions.claim("rpc_alice")).isNull();
        assertThat(sessions.claim("rpc_unknown")).isNull();
    }

    @Test
    void anIdHeldByAnOpenSocketResumesAndItsLaterCloseDoesNotBringItBack() {
        Holding old = sessions.holding();
        old.learned("rpc_alice", ALICE);
        assertThat(sessions.claim("rpc_alice")).as("the gateway still thinks the old socket open").isEqualTo(ALICE);
        old.closed();
        assertThat(sessions.claim("rpc_alice")).as("claimed by the resume, not released again by the old socket").isNull();
    }

    @Test
    void aResumedSocketHoldsTheIdAgainAndReleasesItWhenItCloses() {
        Holding first = sessions.holding();
        first.learned("rpc_alice", ALICE);
        first.closed();
        assertThat(sessions.claim("rpc_alice")).isEqualTo(ALICE);
        Holding resumed = sessions.holding();
        resumed.learned("rpc_alice", ALICE); // the broker accepted the resume
        first.closed();
        resumed.closed();
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(sessions.claim("rpc_alice")).isEqualTo(ALICE);
    }

    @Test
    void anAnswerArrivingAfterTheCloseStillStartsTheWindow() {
        Holding socket = sessions.holding();
        socket.closed();
        socket.learned("rpc_alice", ALICE);
        clock.advance(WINDOW.plusSeconds(1));
        assertThat(sessions.claim("rpc_alice")).as("released at once, not held forever").isNull();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void whenFullExpiredIdsGoFirstThenTheOldestReleasedAndHeldIdsLast() {
        Holding expired = sessions.holding();
        expired.learned("rpc_expired", ALICE);
        expired.closed();
        clock.advance(WINDOW.plusSeconds(1));
        Holding open = sessions.holding();
        open.learned("rpc_open", ALICE);
        Holding older = sessions.holding();
        older.learned("rpc_older", BOB);
        Holding newer = sessions.holding();
        newer.learned("rpc_newer", BOB);
        older.closed();
        newer.closed();
        assertThat(sessions.size()).isEqualTo(4);

        sessions.holding().learned("rpc_fifth", BOB); // evicts the expired one
        assertThat(sessions.size()).isEqualTo(4);
        sessions.holding().learned("rpc_sixth", BOB); // evicts the one released first, not the open one
        assertThat(sessions.size()).isEqualTo(4);
        assertThat(sessions.claim("rpc_older")).isNull();
        assertThat(sessions.claim("rpc_open")).isEqualTo(ALICE);
        assertThat(sessions.claim("rpc_newer")).isEqualTo(BOB);
    }
}
