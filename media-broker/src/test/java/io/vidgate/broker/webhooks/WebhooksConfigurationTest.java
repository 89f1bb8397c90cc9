package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vidgate.boot.config.ConfigurationFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class WebhooksConfigurationTest {

    @TempDir
    Path dataDir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withUserConfiguration(WebhooksConfiguration.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("vidgate.data-dir=" + dataDir);
    }

    @Test
    void withoutAnEndpointThereIsNoSenderNoObserverAndNoFile() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(WebhookSender.class);
            assertThat(context).doesNotHaveBean(WebhookObserver.class);
            assertThat(context).doesNotHaveBean(WebhookJournal.class);
            assertThat(Files.exists(dataDir.resolve("webhooks"))).isFalse();
        });
        runner().withPropertyValues("vidgate.webhooks.endpoint=").run(context ->
                assertThat(context).doesNotHaveBean(WebhookSender.class));
    }

    @Test
    void anEndpointStartsTheWebhooksWithTheJournalInTheDataDirectory() {
        runner().withPropertyValues("vidgate.webhooks.endpoint=http://127.0.0.1:9/hook",
                "vidgate.webhooks.signing-secret=" + WebhookTestProperties.SECRET).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(WebhookSender.class);
            assertThat(context).hasSingleBean(WebhookObserver.class);
            assertThat(context.getBean(WebhooksProperties.class).secrets())
                    .containsExactly(WebhookTestProperties.SECRET);
            assertThat(dataDir.resolve("webhooks").resolve(WebhookJournal.FILE)).exists();
        });
    }

    @Test
    void theIssuesCommaSeparatedSigningSecretListsSeveral() {
        String second = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        runner().withPropertyValues("vidgate.webhooks.endpoint=http://127.0.0.1:9/hook",
                "vidgate.webhooks.signing-secret=" + WebhookTestProperties.SECRET + "," + second).run(context ->
                assertThat(context.getBean(WebhooksProperties.class).secrets())
                        .containsExactly(WebhookTestProperties.SECRET, second));
    }

    @Test
    void aMalformedSecretFailsTheStartWithOneLineThatDoesNotShowIt() {
        runner().withPropertyValues("vidgate.webhooks.endpoint=http://127.0.0.1:9/hook",
                "vidgate.webhooks.signing-secrets=MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("vidgate.webhooks.signing-secrets: secret #1 does not")
                    .doesNotContain("MfKQ9r8G").doesNotContain(System.lineSeparator());
        });
    }

    @Test
    void anEndpointThatIsNotHttpFailsTheStart() {
        runner().withPropertyValues("vidgate.webhooks.endpoint=ftp://example.com/hook").run(context -> {
            assertThat(context).hasFailed();
            assertThat(new ConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("vidgate.webhooks.endpoint must be an http:// or https:// URL");
        });
    }
}
