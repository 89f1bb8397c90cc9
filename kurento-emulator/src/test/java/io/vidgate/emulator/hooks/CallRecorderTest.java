package io.vidgate.emulator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallRecorderTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final CallRecorder recorder = new CallRecorder(Duration.ofMillis(200), now::get);

  @Test
  void sequentialRequestsExtendTheChain() {
    for (int i = 0; i < 3; i++) {
      CallRecorder.Token t = recorder.arrived("s", "invoke:getName");
      now.addAndGet(5);
      recorder.answered(t);
    }
    assertThat(recorder.report().session("s").longestChain()).isEqualTo(3);
  }

  @Test
  void requestsInFlightTogetherAreParallel() {
    CallRecorder.Token a = recorder.arrived("s", "create:MediaPipeline");
    recorder.answered(a); // depth 1
    CallRecorder.Token b = recorder.arrived("s", "create:WebRtcEndpoint"); // depth 2
    CallRecorder.Token c = recorder.arrived("s", "create:WebRtcEndpoint"); // depth 2
    recorder.answered(b);
    CallRecorder.Token d = recorder.arrived("s", "invoke:connect"); // after b's answer: 3
    recorder.answered(c);
    recorder.answered(d);

    CallReport.Chain chain = recorder.report().session("s").chains().get(0);
    assertThat(chain.depth()).isEqualTo(3);
    assertThat(chain.requests()).isEqualTo(4);
    assertThat(chain.steps()).extracting(CallReport.Step::depth).containsExactly(1, 2, 2, 3);
  }

  @Test
  void anIdleGapStartsANewChain() {
    recorder.answered(recorder.arrived("s", "ping:x"));
    recorder.answered(recorder.arrived("s", "a"));
    recorder.answered(recorder.arrived("s", "b"));
    now.addAndGet(201);
    recorder.answered(recorder.arrived("s", "c"));

    CallReport.SessionCalls s = recorder.report().session("s");
    assertThat(s.chains()).extracting(CallReport.Chain::depth).containsExactly(3, 1);
    assertThat(s.chains().get(0).open()).isFalse();
    assertThat(s.chains().get(1).open()).isTrue();
    assertThat(s.longestChain()).isEqualTo(3);
  }

  @Test
  void aLongRequestInFlightKeepsTheChainOpen() {
    CallRecorder.Token slow = recorder.arrived("s", "invoke:getUsedCpu");
    now.addAndGet(1_000);
    CallRecorder.Token other = recorder.arrived("s", "invoke:getName"); // parallel: depth 1
    recorder.answered(other);
    recorder.answered(slow);
    assertThat(recorder.report().session("s").chains()).hasSize(1);
    assertThat(recorder.report().longestChain()).isEqualTo(1);
  }

  @Test
  void pingsAndSessionlessRequestsAreCountedOnly() {
    recorder.answered(recorder.arrived("s", "ping"));
    recorder.answered(recorder.arrived(null, "connect"));
    CallReport report = recorder.report();
    assertThat(report.totalRequests()).isEqualTo(2);
    assertThat(report.byMethod()).containsEntry("ping", 1L).containsEntry("connect", 1L);
    assertThat(report.sessions()).isEmpty();
  }

  @Test
  void sessionsAreMeasuredSeparatelyAndResetForgetsAll() {
    CallRecorder.Token a = recorder.arrived("a", "x");
    recorder.answered(a);
    recorder.answered(recorder.arrived("a", "y"));
    recorder.answered(recorder.arrived("b", "x"));
    assertThat(recorder.report().session("a").longestChain()).isEqualTo(2);
    assertThat(recorder.report().session("b").longestChain()).isEqualTo(1);

    CallRecorder.Token inFlight = recorder.arrived("a", "z");
    recorder.reset();
    recorder.answered(inFlight); // ignored
    recorder.answered(recorder.arrived("a", "w"));
    assertThat(recorder.report().session("a").longestChain()).isEqualTo(1);
    assertThat(recorder.report().totalRequests()).isEqualTo(1);
  }
}
