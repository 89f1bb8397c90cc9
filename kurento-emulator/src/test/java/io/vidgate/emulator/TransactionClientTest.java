package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.emulator.hooks.CallReport;
import io.vidgate.emulator.hooks.FaultRule;
import io.vidgate.emulator.support.Sdps;
import org.kurento.client.TFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.PassThrough;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionExecutionException;
import org.kurento.client.WebRtcEndpoint;

/** Kurento transactions through the real kurento-client: one round trip, KMS newref rules. */
class TransactionClientTest {

  private static KurentoEmulator kms;
  private static KurentoClient client;

  @BeforeAll
  static void start() {
    kms = KurentoEmulator.start(EmulatorOptions.ephemeral());
    client = KurentoClient.create(kms.uri());
  }

  @AfterAll
  static void stop() {
    client.destroy();
    kms.close();
  }

  @BeforeEach
  void clean() {
    kms.resetCalls();
    kms.faults().clear();
  }

  @Test
  void buildsAPipelineInOneRoundTrip() throws Exception {
    Transaction tx = client.beginTransaction();
    MediaPipeline pipeline = client.createMediaPipeline(tx);
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
    assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);

    CallReport calls = kms.calls();
    assertThat(calls.byMethod().get("transaction")).isEqualTo(1);
    assertThat(calls.transactionOperations()).containsEntry("create:WebRtcEndpoint", 2L)
        .containsEntry("invoke:connect", 1L);
    pipeline.release();
  }

  @Test
  void aFailingOperationFailsTheCommit() {
    MediaPipeline pipeline = client.createMediaPipeline();
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
      assertThat(kms.objects().count("PassThrough")).isEqualTo(1);
      assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(1);
    } finally {
      pipeline.release();
    }
  }

  @Test
  void injectedFaultsHitSingleOperations() {
    kms.faults().failNext(FaultRule.error("create:WebRtcEndpoint", 1, 40009,
        "Reached KMS threads limit: 10"));
    MediaPipeline pipeline = client.createMediaPipeline();
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
    Transaction tx = client.beginTransaction();
    MediaPipeline pipeline = client.createMediaPipeline(tx);
    pipeline.addTag(tx, "room", "1");
    WebRtcEndpoint w = new WebRtcEndpoint.Builder(pipeline).build(tx);
    w.connect(tx, w);
    assertThatThrownBy(tx::commit).isInstanceOf(TransactionExecutionException.class);
    assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
    client.getServerManager().getPipelines().forEach(MediaPipeline::release);
  }
}
