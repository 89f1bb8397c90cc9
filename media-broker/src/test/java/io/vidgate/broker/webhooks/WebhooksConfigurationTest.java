package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vidgate.boot.config.ConfigurationFailureAnalyzer;
import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.facts.FactsConfiguration;
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
    void aFactPublishedJustBeforeShutdownIsStillJournaled() {
        runner().withUserConfiguration(FactsConfiguration.class)
                .withPropertyValues("vidgate.webhooks.endpoint=http://127.0.0.1:9/hook").run(context -> {
                    // Spring closes dependents first: the stream drains into the observer before the journal closes.
                    assertThat(context.getBeanFactory().getDependentBeans("webhookJournal")).contains("factStream");
                    context.getBean(FactStream.class).publish(new Fact.SessionCreated("s1", 1_000));
                });

        try (WebhookJournal journal = WebhookJournal.open(dataDir.resolve("webhooks"), 100, Clock.systemUTC())) {
            assertThat(journal.pending()).extracting(WebhookJournal.Entry::event).containsExactly("sessionCreated");
        }
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
            assertThat(analysis.getDescription()).contains("vidgate.webhooks.signing-secret(s): secret #1 does not")
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
