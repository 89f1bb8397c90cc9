package io.vidgate.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.emulator.support.EmulatedKms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

/**
 * A WebRtcEndpoint released before any offer reached it, as when a participant is evicted while a subscription
 * to it is being prepared (found by the browser e2e tests: a moderator's forceDisconnect right after the stream
 * appeared). With real media its peer connection does not exist yet; the release must still succeed.
 */
class ReleaseBeforeNegotiationTest {

  @RegisterExtension
  static final EmulatedKms kms = EmulatedKms.withRealMedia();

  @Test
  void anEndpointThatNeverNegotiatedIsReleasedCleanly() {
    MediaPipeline pipeline = kms.client().createMediaPipeline();
    WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(pipeline).build();

    endpoint.release();

    assertThat(kms.server().objects().total()).isEqualTo(1);
    pipeline.release();
    assertThat(kms.server().objects().total()).isZero();
    assertThat(kms.server().livePeerConnections()).isZero();
  }
}
