package io.vidgate.broker.facts;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link FactStream}: every {@link FactObserver} bean, the event log among them, hears every fact. */
@Configuration(proxyBeanMethods = false)
public class FactsConfiguration {

    /** Facts an observer may fall behind by before its facts are dropped: minutes of a busy broker's joins. */
    static final int QUEUE_CAPACITY = 100_000;

    @Bean
    FactLog factLog() {
        return new FactLog();
    }

    @Bean(destroyMethod = "close")
    FactStream factStream(ObjectProvider<FactObserver> observers) {
        return new FactStream(observers.orderedStream().toList(), QUEUE_CAPACITY);
    }

    /** On {@code /actuator/prometheus}: observers falling behind. */
    @Bean
    MeterBinder factMetrics(FactStream stream) {
        return registry -> {
            Gauge.builder("vidgate.facts.waiting", stream, FactStream::waiting)
                    .description("Facts waiting for their observers").register(registry);
            FunctionCounter.builder("vidgate.facts.dropped", stream, FactStream::dropped)
                    .description("Facts dropped because an observer's queue was full").register(registry);
        };
    }
}
