package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.hooks.CallReport;
import io.vidgate.emulator.hooks.FaultRule;
import io.vidgate.emulator.support.EmulatedKms;
import io.vidgate.emulator.support.Sdps;
import org.kurento.client.TFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionExecutionException;
import org.kurento.client.WebRtcEndpoint;

/** Kurento transactions through the real kurento-client: one round trip, KMS newref rules. */
class TransactionClientTest {

  @RegisterExtension
  static final EmulatedKms kms = new EmulatedKms();

  @BeforeEach
  void clean() {
    kms.server().resetCalls();
    kms.server().faults().clear();
  }

  @Test
  void buildsAPipelineInOneRoundTrip() throws Exception {
    Transaction tx = kms.client().beginTransaction();
    MediaPipeline pipeline = kms.client().createMediaPipeline(tx);
    WebRtcEndpoint publisher = new WebRtcEndpoint.Builder(pipeline).build(tx);
    WebRtcEndpoint subscriber = new WebRtcEndpoint.Builder(pipeline).build(tx);
    publisher.connect(tx, subscriber);
    TFuture<String> answer = publisher.processOffer(tx, Sdps.chromeOffer());
    publisher.gatherCandidates(tx);
    tx.commit();

    assertThat(pipeline.getId()).endsWith("_kurento.MediaPipeline");
    assertThat(publisher.getId()).startsWith(pipeline.getId() + "/");
    assertThat(answer.get()).startsWith("v=0");
    assertThat(publisher.getSinkConnections()).hasSize(3);
    assertThat(kms.server().objects().count("WebRtcEndpoint")).isEqualTo(2);

    CallReport calls = kms.server().calls();
    assertThat(calls.byMethod().get("transaction")).isEqualTo(1);
    assertThat(calls.transactionOperations()).containsEntry("create:WebRtcEndpoint", 2L)
        .containsEntry("invoke:connect", 1L);
    pipeline.release();
  }

  @Test
  void aFailingOperationFailsTheCommit() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      Transaction tx = pipeline.beginTransaction();
      PassThrough a = new PassThrough.Builder(pipeline).build(tx);
      WebRtcEndpoint w = new WebRtcEndpoint.Builder(pipeline).build(tx);
      w.processOffer(tx, "not sdp");
      a.connect(tx, w);
      assertThatThrownBy(tx::commit)
          .isInstanceOfSatisfying(TransactionExecutionException.class,
              e -> assertThat(e.getCode()).isEqualTo(40201));
      // KMS stops at the failing operation but does not undo the ones before it.
      assertThat(kms.server().objects().count("PassThrough")).isEqualTo(1);
      assertThat(kms.server().objects().count("WebRtcEndpoint")).isEqualTo(1);
    } finally {
      pipeline.release();
    }
  }

  @Test
  void injectedFaultsHitSingleOperations() {
    kms.server().faults().failNext(FaultRule.error("create:WebRtcEndpoint", 1, 40009,
        "Reached KMS threads limit: 10"));
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    try {
      Transaction tx = pipeline.beginTransaction();
      new WebRtcEndpoint.Builder(pipeline).build(tx);
      assertThatThrownBy(tx::commit)
          .isInstanceOfSatisfying(TransactionExecutionException.class, e -> {
            assertThat(e.getCode()).isEqualTo(40009);
            assertThat(e.getMessage()).contains("Reached KMS threads limit");
          });
      new WebRtcEndpoint.Builder(pipeline).build();
    } finally {
      pipeline.release();
    }
  }

  /**
   * The Java client numbers newrefs by creations, KMS by operation index: with an invoke
   * before a create they disagree, and KMS (so the emulator) fails the transaction.
   */
  @Test
  void newrefIsTheOperationIndexAsInKms() {
    Transaction tx = kms.client().beginTransaction();
    MediaPipeline pipeline = kms.client().createMediaPipeline(tx);
    pipeline.addTag(tx, "room", "1");
    WebRtcEndpoint w = new WebRtcEndpoint.Builder(pipeline).build(tx);
    w.connect(tx, w);
    assertThatThrownBy(tx::commit).isInstanceOf(TransactionExecutionException.class);
    assertThat(kms.server().objects().count("MediaPipeline")).isEqualTo(1);
    kms.client().getServerManager().getPipelines().forEach(MediaPipeline::release);
  }
}
