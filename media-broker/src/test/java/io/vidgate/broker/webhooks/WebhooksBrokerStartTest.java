package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.vidgate.broker.MediaBrokerApplication;
import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.webhooks.RecordingReceiver.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole broker with webhooks on: a fact reaches a real receiver, signed; a bad secret stops the start. */
@ExtendWith(OutputCaptureExtension.class)
class WebhooksBrokerStartTest {

    @TempDir
    Path dataDir;

    @Test
    void aFactOfTheRunningBrokerIsPostedSigned() throws Exception {
        try (RecordingReceiver receiver = RecordingReceiver.http().up();
                ConfigurableApplicationContext broker = start("vidgate.webhooks.endpoint=" + receiver.endpoint(),
                        "vidgate.webhooks.signing-secret=" + WebhookTestProperties.SECRET)) {
            broker.getBean(FactStream.class).publish(new Fact.SessionCreated("s1", 1_000));

            List<Request> requests = receiver.awaitRequests(1, Duration.ofSeconds(10));
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).body()).contains("\"event\":\"sessionCreated\"", "\"sessionId\":\"s1\"");
            assertThat(requests.get(0).header("webhook-signature")).startsWith("v1,");
            assertThat(broker.getBean(MeterRegistry.class).find("vidgate.webhooks.delivered").counter()).isNotNull();
            assertThat(dataDir.resolve("webhooks").resolve(WebhookJournal.FILE)).exists();
        }
    }

    @Test
    void aMalformedSecretStopsTheStartWithOneLineThatDoesNotShowIt(CapturedOutput output) {
        assertThatThrownBy(() -> start("vidgate.webhooks.endpoint=http://127.0.0.1:9/hook",
                "vidgate.webhooks.signing-secret=MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").close())
                .hasStackTraceContaining("vidgate.webhooks.signing-secret(s)");
        assertThat(output)
                .contains("Invalid configuration: vidgate.webhooks.signing-secret(s): secret #1 does not start with whsec_")
                .doesNotContain("MfKQ9r8G");
    }

    /** As command-line arguments: builder "properties" are defaults, which application.yml would override. */
    private ConfigurableApplicationContext start(String... properties) {
        List<String> args = new java.util.ArrayList<>(List.of("--vidgate.broker.port=0", "--vidgate.secret=webhooks-test",
                "--vidgate.data-dir=" + dataDir));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(MediaBrokerApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(args.toArray(String[]::new));
    }
}
