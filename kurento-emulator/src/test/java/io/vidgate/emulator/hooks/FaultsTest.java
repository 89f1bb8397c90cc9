package io.vidgate.emulator.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private final List<String> actions = new ArrayList<>();
  private final Faults faults = new Faults(new Faults.Target() {
    @Override
    public int dropConnections() {
      actions.add("drop");
      return 0;
    }

    @Override
    public void restart() {
      actions.add("restart");
    }

    @Override
    public void listen(boolean listen) {
      actions.add("listen:" + listen);
    }
  });

  @Test
  void refusingTogglesListeningOnlyOnChanges() {
    faults.refuseConnections(false);
    faults.refuseConnections(true);
    faults.refuseConnections(true);
    assertThat(faults.refusingConnections()).isTrue();
    faults.clear();
    assertThat(faults.refusingConnections()).isFalse();
    assertThat(actions).containsExactly("listen:false", "listen:true");
  }

  @Test
  void patternsMatchFullNamesMethodsAndDetails() {
    assertThat(CallNames.matches("invoke:processOffer", "invoke:processOffer")).isTrue();
    assertThat(CallNames.matches("invoke", "invoke:processOffer")).isTrue();
    assertThat(CallNames.matches("processOffer", "invoke:processOffer")).isTrue();
    assertThat(CallNames.matches("processAnswer", "invoke:processOffer")).isFalse();
    assertThat(CallNames.matches("create", "release")).isFalse();
    assertThat(CallNames.matches("ping", "ping")).isTrue();
  }

  @Test
  void rulesAreConsumedCallByCall() {
    faults.failNext("create:WebRtcEndpoint", 2);
    faults.failNext(FaultRule.noResponse("ping", 1));
    assertThat(faults.take("create:PassThrough")).isEmpty();
    assertThat(faults.take("create:WebRtcEndpoint")).isPresent();
    assertThat(faults.pending()).extracting(FaultRule::count).containsExactly(1, 1);
    assertThat(faults.take("ping").orElseThrow().action())
        .isEqualTo(FaultRule.Action.NO_RESPONSE);
    assertThat(faults.take("create:WebRtcEndpoint")).isPresent();
    assertThat(faults.take("create:WebRtcEndpoint")).isEmpty();
    assertThat(faults.pending()).isEmpty();
  }
}
