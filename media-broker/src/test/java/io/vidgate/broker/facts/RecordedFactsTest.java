package io.vidgate.broker.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact.Participant;
import io.vidgate.broker.facts.Fact.WebrtcConnection;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.Test;

/**
 * The recorder the ways-out tests judge the Room with: it accepts what the real OpenVidu 2.32.1 sent (scenario (a) of
 * the issue-17 recording: A and B see each other, B leaves, A leaves) and refuses the orders OpenVidu never sends.
 */
class RecordedFactsTest {

    private static final String S = "ses_Recorded";
    private static final long CREATED = 1_000;
    private static final Participant A = participant("con_A", 1_010);
    private static final Participant B = participant("con_B", 1_030);
    private static final WebrtcConnection A_OUT = new WebrtcConnection("str_A", "con_A", null, null, 1_020);
    private static final WebrtcConnection B_OUT = new WebrtcConnection("str_B", "con_B", null, null, 1_040);
    private static final WebrtcConnection B_IN = new WebrtcConnection("str_A", "con_B", "con_A", null, 1_050);
    private static final WebrtcConnection A_IN = new WebrtcConnection("str_B", "con_A", "con_B", null, 1_060);
    private static final Map<String, String> NAMES = Map.of("con_A", "A", "con_B", "B");

    private static Participant participant(String id, long at) {
        return new Participant(id, at, Role.PUBLISHER, "unknown", "127.0.0.1", "Chrome", "", "");
    }

    private static List<Fact> openVidusScenarioA() {
        EndReason bye = EndReason.DISCONNECT;
        return List.of(
                new Fact.SessionCreated(S, CREATED),
                new Fact.ParticipantJoined(S, CREATED, A),
                new Fact.WebrtcConnectionCreated(S, CREATED, A_OUT),
                new Fact.ParticipantJoined(S, CREATED, B),
                new Fact.WebrtcConnectionCreated(S, CREATED, B_OUT),
                new Fact.WebrtcConnectionCreated(S, CREATED, B_IN),
                new Fact.WebrtcConnectionCreated(S, CREATED, A_IN),
                new Fact.WebrtcConnectionDestroyed(S, CREATED, A_IN, 2_000, bye),
                new Fact.WebrtcConnectionDestroyed(S, CREATED, B_IN, 2_001, bye),
                new Fact.WebrtcConnectionDestroyed(S, CREATED, B_OUT, 2_002, bye),
                new Fact.ParticipantLeft(S, CREATED, B, 2_003, bye),
                new Fact.WebrtcConnectionDestroyed(S, CREATED, A_OUT, 3_000, bye),
                new Fact.ParticipantLeft(S, CREATED, A, 3_001, bye),
                new Fact.SessionDestroyed(S, CREATED, 3_002, EndReason.LAST_PARTICIPANT_LEFT));
    }

    private static RecordedFacts heard(List<Fact> facts) {
        RecordedFacts recorded = new RecordedFacts();
        facts.forEach(recorded::observe);
        return recorded;
    }

    private static List<Fact> swapped(List<Fact> facts, int i, int j) {
        java.util.ArrayList<Fact> copy = new java.util.ArrayList<>(facts);
        java.util.Collections.swap(copy, i, j);
        return copy;
    }

    @Test
    void whatOpenViduSentPasses() throws Exception {
        RecordedFacts recorded = heard(openVidusScenarioA());

        recorded.assertInOpenViduOrder(S);
        assertThat(recorded.awaitLines(S, 14, NAMES)).containsExactly(
                "sessionCreated",
                "participantJoined A",
                "webrtcConnectionCreated OUTBOUND A",
                "participantJoined B",
                "webrtcConnectionCreated OUTBOUND B",
                "webrtcConnectionCreated INBOUND B<-A",
                "webrtcConnectionCreated INBOUND A<-B",
                "webrtcConnectionDestroyed INBOUND A<-B disconnect",
                "webrtcConnectionDestroyed INBOUND B<-A disconnect",
                "webrtcConnectionDestroyed OUTBOUND B disconnect",
                "participantLeft B disconnect",
                "webrtcConnectionDestroyed OUTBOUND A disconnect",
                "participantLeft A disconnect",
                "sessionDestroyed lastParticipantLeft");
    }

    @Test
    void ordersOpenViduNeverSendsFail() {
        List<Fact> a = openVidusScenarioA();
        // B left before the subscription to its stream was destroyed
        assertThatThrownBy(() -> heard(swapped(a, 7, 10)).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
        // B left before its publisher was destroyed
        assertThatThrownBy(() -> heard(swapped(a, 9, 10)).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
        // a connection created before its participant joined
        assertThatThrownBy(() -> heard(swapped(a, 3, 4)).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
        // the session destroyed while A was still in
        assertThatThrownBy(() -> heard(swapped(a, 12, 13)).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
        // sessionCreated not first
        assertThatThrownBy(() -> heard(swapped(a, 0, 1)).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
    }

    @Test
    void anEndThatDoesNotReportItsStartFails() {
        List<Fact> a = new java.util.ArrayList<>(openVidusScenarioA());
        // participantLeft with a participant made anew at leave time (its activeAt is not when it joined)
        a.set(10, new Fact.ParticipantLeft(S, CREATED, participant("con_B", 2_003), 2_003, EndReason.DISCONNECT));
        assertThatThrownBy(() -> heard(a).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
    }

    @Test
    void theSameIdAgainIsAFreshSession() throws Exception {
        List<Fact> twice = new java.util.ArrayList<>(openVidusScenarioA());
        twice.add(new Fact.SessionCreated(S, 5_000));
        twice.add(new Fact.ParticipantJoined(S, 5_000, participant("con_C", 5_010)));
        heard(twice).assertInOpenViduOrder(S);

        // but not while the first is open
        List<Fact> overlapping = new java.util.ArrayList<>(openVidusScenarioA().subList(0, 4));
        overlapping.add(new Fact.SessionCreated(S, 5_000));
        assertThatThrownBy(() -> heard(overlapping).assertInOpenViduOrder(S)).isInstanceOf(AssertionError.class);
    }
}
