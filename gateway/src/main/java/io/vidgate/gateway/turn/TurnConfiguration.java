package io.vidgate.gateway.turn;

import java.util.Optional;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class TurnConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TurnConfiguration.class);

    @Bean
    TurnCredentials turnCredentials(TurnProperties properties) {
        if (!properties.enabled()) {
            log.info("TURN is off (no vidgate.turn.secrets / vidgate.turn.uris): clients get no TURN server");
            return new TurnCredentials(Optional.empty());
        }
        TurnSettings settings = ConfigurationProblem.check(
                () -> new TurnSettings(properties.ttl(), properties.secrets(), properties.uris()));
        return new TurnCredentials(Optional.of(new TurnCredentialIssuer(settings)));
    }

    @Bean
    TurnRestApiKeys turnRestApiKeys(TurnProperties properties) {
        return new TurnRestApiKeys(properties.restApi().keys());
    }
}
