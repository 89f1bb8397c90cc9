package io.vidgate.broker;

import io.vidgate.emulator.EmulatorOptions;
import io.vidgate.emulator.KurentoEmulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * The in-process kurento-emulator as the broker's KMS, started with a test's context and closed with it:
 * {@code @Import(InProcessKurento.class)}. A context may define an {@link EmulatorOptions} bean to tune it.
 */
@TestConfiguration(proxyBeanMethods = false)
public class InProcessKurento {

    @Bean(destroyMethod = "close")
    KurentoEmulator kurentoEmulator(ObjectProvider<EmulatorOptions> options) {
        return KurentoEmulator.start(options.getIfAvailable(EmulatorOptions::ephemeral));
    }

    @Bean
    DynamicPropertyRegistrar kurentoUris(KurentoEmulator kms) {
        return properties -> properties.add("vidgate.kurento.uris", kms::uri);
    }
}
