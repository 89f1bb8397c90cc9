package io.vidgate.gateway.turn;

import java.time.Clock;
import java.util.Optional;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;
import io.vidgate.turn.external.CloudflareIceServersClient;
import io.vidgate.turn.external.CloudflareTurnSettings;
import io.vidgate.turn.external.HttpTimeouts;
import io.vidgate.turn.external.TurnRestApiClient;
import io.vidgate.turn.external.TurnRestApiSettings;
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
            return new TurnCredentials(Optional.empty(), Clock.systemUTC());
        }
        IceServerSource source = ConfigurationProblem.check(() -> source(properties));
        log.info("TURN credentials: {} source", properties.source().name().toLowerCase(java.util.Locale.ROOT));
        return new TurnCredentials(Optional.of(source), Clock.systemUTC());
    }

    private static IceServerSource source(TurnProperties properties) {
        TurnProperties.External external = properties.external();
        return switch (properties.source()) {
            case LOCAL -> new TurnCredentialIssuer(
                    new TurnSettings(properties.ttl(), properties.secrets(), properties.uris()));
            case REST_API_SERVICE -> new TurnRestApiClient(
                    new TurnRestApiSettings(external.url(), external.key(), timeouts(external)));
            case CLOUDFLARE -> new CloudflareIceServersClient(
                    new CloudflareTurnSettings(external.url(), external.key(), properties.ttl(), timeouts(external)));
        };
    }

    private static HttpTimeouts timeouts(TurnProperties.External external) {
        return new HttpTimeouts(external.connectTimeout(), external.responseTimeout());
    }

    @Bean
    TurnRestApiKeys turnRestApiKeys(TurnProperties properties) {
        return new TurnRestApiKeys(properties.restApi().keys());
    }
}
