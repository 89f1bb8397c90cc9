package io.vidgate.gateway.tokens;

import java.time.Clock;

import io.vidgate.boot.config.DataDirectoryProperties;
import io.vidgate.boot.tokens.TokenKeys;
import io.vidgate.boot.tokens.TokenProperties;
import io.vidgate.protocol.token.BackendApiKeys;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Signing keys, the token issuer and the strict verifier, built once from {@link TokenProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({TokenProperties.class, DataDirectoryProperties.class})
public class TokenConfiguration {

    @Bean
    TokenSettings tokenSettings(TokenProperties properties) {
        return TokenKeys.settings(properties);
    }

    @Bean
    SigningKeys signingKeys(TokenProperties properties, DataDirectoryProperties data, Environment environment) {
        return TokenKeys.signingKeys(properties, data, environment);
    }

    @Bean
    BackendApiKeys backendApiKeys(TokenProperties properties) {
        return TokenKeys.apiKeys(properties);
    }

    @Bean
    ConnectionTokenIssuer connectionTokenIssuer(SigningKeys keys, TokenSettings settings) {
        return new ConnectionTokenIssuer(keys, settings, Clock.systemUTC());
    }

    @Bean
    ConnectionTokenVerifier connectionTokenVerifier(TokenSettings settings, SigningKeys keys, BackendApiKeys apiKeys) {
        return new ConnectionTokenVerifier(settings, keys.publicKeys(), apiKeys, Clock.systemUTC());
    }
}
