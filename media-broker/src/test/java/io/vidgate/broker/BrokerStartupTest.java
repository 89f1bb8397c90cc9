package io.vidgate.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Bad configuration stops the broker before it listens, with one line naming the property (the shared
 * {@code ConfigurationFailureAnalyzer} of boot-support), and never prints a rejected secret back.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokerStartupTest {

    @Test
    void refusesToStartWithoutASecretOutsideDev(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.broker.port=0"))
                .hasStackTraceContaining("vidgate.secret");
        assertThat(output).contains("Invalid configuration: vidgate.secret = '<unset>': must be set (env VIDGATE_SECRET)");
    }

    @Test
    void refusesTheDevelopmentSecretOutsideDev(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=vidgate-dev-secret"))
                .hasStackTraceContaining("vidgate.secret");
        assertThat(output)
                .contains("Invalid configuration: vidgate.secret = '<redacted>': is the published development secret")
                .doesNotContain("'vidgate-dev-secret'");
    }

    @Test
    void refusesLimitsBelowOne(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.sessions.max-sessions=0"))
                .hasStackTraceContaining("vidgate.sessions");
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.sessions.max-connections-per-session=-5"))
                .hasStackTraceContaining("vidgate.sessions");
        assertThat(output)
                .contains("Invalid configuration: vidgate.sessions.max-sessions = '0': must be greater than or equal to 1")
                .contains("Invalid configuration: vidgate.sessions.max-connections-per-session = '-5': "
                        + "must be greater than or equal to 1");
    }

    @Test
    void refusesSignalingLimitsThatCannotWork(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.signaling.max-message-bytes=100"))
                .hasStackTraceContaining("vidgate.signaling.max-message-bytes");
        assertThatThrownBy(() -> start("vidgate.broker.port=0", "vidgate.secret=startup-test",
                "vidgate.signaling.max-message-bytes=16777216"))
                .hasStackTraceContaining("vidgate.signaling.outbound-queue-bytes");
        assertThat(output)
                .contains("Invalid configuration: vidgate.signaling: cannot be read as "
                        + "io.vidgate.boot.signaling.SignalingMessageProperties (vidgate.signaling.max-message-bytes must be "
                        + "between 1024 and 16777216, was 100)")
                .contains("Invalid configuration: vidgate.signaling.outbound-queue-bytes (8388608) must be at least "
                        + "vidgate.signaling.max-message-bytes (16777216)");
    }

    /** As command-line arguments: builder "properties" are defaults, which application.yml would override. */
    private static void start(String... properties) {
        String[] args = java.util.Arrays.stream(properties).map(property -> "--" + property).toArray(String[]::new);
        new SpringApplicationBuilder(MediaBrokerApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(args)
                .close();
    }
}
