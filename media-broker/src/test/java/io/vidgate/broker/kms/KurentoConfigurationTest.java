package io.vidgate.broker.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.pipeline.VideoBandwidth;
import io.vidgate.broker.session.VideoCodec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KurentoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(KurentoConfiguration.class);

    @Test
    void defaultsToTheLocalKms() {
        runner.run(context -> {
            KurentoProperties properties = context.getBean(KurentoProperties.class);
            assertThat(properties.uris()).containsExactly(URI.create("ws://127.0.0.1:8888/kurento"));
            assertThat(properties.livenessInterval()).isEqualTo(Duration.ofSeconds(3));
            assertThat(properties.lossAfter()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.maxInFlight()).isEqualTo(32);
            assertThat(context.getBean(KmsPool.class).nodes()).hasSize(1);
            assertThat(context).hasSingleBean(PipelineManager.class);
        });
    }

    @Test
    void takesSeveralKmsAndRefusesOtherSchemes() {
        runner.withPropertyValues("vidgate.kurento.uris=ws://10.0.0.1:8888/kurento,wss://10.0.0.2/kurento",
                "vidgate.kurento.liveness-interval=1s").run(context -> {
                    assertThat(context.getBean(KmsPool.class).nodes()).extracting(KmsNode::uri).containsExactly(
                            URI.create("ws://10.0.0.1:8888/kurento"), URI.create("wss://10.0.0.2/kurento"));
                    assertThat(context.getBean(KurentoProperties.class).livenessInterval()).isEqualTo(Duration.ofSeconds(1));
                });
        runner.withPropertyValues("vidgate.kurento.uris=http://10.0.0.1:8888/kurento")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void takesLossAfterAndMaxInFlightAndRefusesNonsense() {
        runner.withPropertyValues("vidgate.kurento.loss-after=4s", "vidgate.kurento.max-in-flight=8").run(context -> {
            assertThat(context.getBean(KurentoProperties.class).lossAfter()).isEqualTo(Duration.ofSeconds(4));
            assertThat(context.getBean(KurentoProperties.class).maxInFlight()).isEqualTo(8);
        });
        runner.withPropertyValues("vidgate.kurento.loss-after=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("vidgate.kurento.loss-after must be positive"));
        runner.withPropertyValues("vidgate.kurento.max-in-flight=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("vidgate.kurento.max-in-flight must be at least 1, was 0"));
    }

    @Test
    void takesARequestTimeoutOfTenSecondsByDefaultAndRefusesZero() {
        runner.run(context -> assertThat(context.getBean(KurentoProperties.class).requestTimeout())
                .isEqualTo(Duration.ofSeconds(10)));
        runner.withPropertyValues("vidgate.kurento.request-timeout=3s").run(context -> assertThat(
                context.getBean(KurentoProperties.class).requestTimeout()).isEqualTo(Duration.ofSeconds(3)));
        runner.withPropertyValues("vidgate.kurento.request-timeout=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessage("vidgate.kurento.request-timeout must be positive"));
    }

    @Test
    void videoBandwidthsAndCodecDefaultToOpenViduServersAndRefuseNonsense() {
        runner.run(context -> {
            assertThat(context.getBean(PipelineManager.class).videoBandwidth())
                    .isEqualTo(new VideoBandwidth(1000, 300, 1000, 300));
            assertThat(context.getBean(VideoCodecProperties.class)).isEqualTo(VideoCodecProperties.OPENVIDU_DEFAULTS);
        });
        runner.withPropertyValues("vidgate.kurento.video-bandwidth.max-send=0", "vidgate.kurento.video-bandwidth.min-send=50",
                "vidgate.kurento.video-codec.forced=NONE", "vidgate.kurento.video-codec.allow-transcoding=true")
                .run(context -> {
                    assertThat(context.getBean(PipelineManager.class).videoBandwidth())
                            .isEqualTo(new VideoBandwidth(1000, 300, 0, 50));
                    assertThat(context.getBean(VideoCodecProperties.class))
                            .isEqualTo(new VideoCodecProperties(VideoCodec.NONE, true));
                });
        runner.withPropertyValues("vidgate.kurento.video-bandwidth.min-recv=2000").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause()
                .hasMessage("vidgate.kurento.video-bandwidth.min-recv (2000) is above max-recv (1000)"));
        runner.withPropertyValues("vidgate.kurento.video-bandwidth.max-send=-1").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause()
                .hasMessage("vidgate.kurento.video-bandwidth.max-send is kbps, 0 or more, was -1"));
        runner.withPropertyValues("vidgate.kurento.video-codec.forced=AV1").run(context -> assertThat(context).hasFailed());
    }
}
