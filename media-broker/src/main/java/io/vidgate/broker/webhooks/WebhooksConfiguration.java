package io.vidgate.broker.webhooks;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.DataDirectoryProperties;
import io.vidgate.broker.facts.FactStream;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhooks, when {@code vidgate.webhooks.endpoint} is set: the journal (in {@code journal-dir}, default
 * {@code ${vidgate.data-dir}/webhooks}), its sender thread and the fact observer feeding it. Without an endpoint none
 * of these exist: no thread, no file, no fact queue.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${vidgate.webhooks.endpoint:}'.isBlank()")
@EnableConfigurationProperties({WebhooksProperties.class, DataDirectoryProperties.class})
public class WebhooksConfiguration {

    @Bean(destroyMethod = "close")
    WebhookJournal webhookJournal(WebhooksProperties webhooks, DataDirectoryProperties data) {
        Path directory = webhooks.journalDir() != null ? webhooks.journalDir() : data.dataDir().resolve("webhooks");
        try {
            return WebhookJournal.open(directory, webhooks.maxBacklog(), Clock.systemUTC());
        } catch (UncheckedIOException unusable) {
            throw new ConfigurationProblem("vidgate.webhooks.journal-dir: " + unusable.getMessage(), unusable);
        }
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    WebhookSender webhookSender(WebhooksProperties webhooks, WebhookJournal journal, MeterRegistry registry) {
        return ConfigurationProblem.check(() -> new WebhookSender(webhooks, journal, registry, Clock.systemUTC()));
    }

    /**
     * At shutdown the fact stream drains what rooms published last (their sessionDestroyed…) into the observer: it
     * must close before the journal does. Spring does not see that dependency (the stream takes its observers from an
     * ObjectProvider), so it is declared here.
     */
    @Bean
    static BeanFactoryPostProcessor factStreamClosesBeforeTheWebhookJournal() {
        return factory -> {
            for (String name : factory.getBeanNamesForType(FactStream.class, true, false)) {
                BeanDefinition definition = factory.getBeanDefinition(name);
                List<String> dependsOn = new ArrayList<>();
                if (definition.getDependsOn() != null) {
                    dependsOn.addAll(List.of(definition.getDependsOn()));
                }
                dependsOn.add("webhookJournal");
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }

    @Bean
    WebhookObserver webhookObserver(WebhooksProperties webhooks, WebhookJournal journal) {
        return new WebhookObserver(webhooks.events(), journal);
    }
}
