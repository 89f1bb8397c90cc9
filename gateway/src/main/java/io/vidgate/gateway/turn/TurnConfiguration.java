package io.vidgate.gateway.turn;

import io.vidgate.boot.admin.AdminCredentials;
import io.vidgate.gateway.broker.BrokerProperties;

import io.vidgate.boot.turn.TurnCredentials;
import io.vidgate.boot.turn.TurnProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TurnProperties.class)
public class TurnConfiguration {

    @Bean
    TurnCredentials turnCredentials(TurnProperties properties) {
        return TurnCredentials.from(properties);
    }

    @Bean
    BrokerConnectionCheck brokerConnectionCheck(BrokerProperties broker, AdminCredentials credentials) {
        return new BrokerConnectionCheck(broker.url(), credentials);
    }

    @Bean
    TurnRestApiKeys turnRestApiKeys(TurnProperties properties) {
        return new TurnRestApiKeys(properties.restApi().keys());
    }
}
