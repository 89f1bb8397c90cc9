package io.vidgate.gateway.tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.gateway.DataDirectoryProperties;
import io.vidgate.protocol.token.BackendApiKeys;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.LoadedSigningKeys;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Signing keys, the token issuer and the strict verifier, built once from {@link TokenProperties}. */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

    @Bean
    TokenSettings tokenSettings(TokenProperties properties) {
        return ConfigurationProblem.check(() -> TokenSettings.of(properties.issuer(), properties.audience())
                .withTtl(properties.ttl())
                .withLeeway(properties.leeway())
                .withMaxTokenChars(properties.maxSize()));
    }

    @Bean
    SigningKeys signingKeys(TokenProperties properties, DataDirectoryProperties data, Environment environment) {
        Path file = properties.jwksFile();
        try {
            if (file != null) {
                return ConfigurationProblem.check(() -> load(file));
            }
            if (!environment.acceptsProfiles(Profiles.of("dev"))) {
                throw new InvalidConfigurationPropertyValueException("vidgate.tokens.jwks-file", "<unset>",
                        "must name a JWK set with the ES256 signing keys (env VIDGATE_TOKENS_JWKS_FILE); only the dev "
                                + "profile generates a key by itself");
            }
            Path devFile = data.dataDir().resolve("signing-keys.jwks.json");
            LoadedSigningKeys loaded = SigningKeys.loadOrGenerate(devFile);
            if (loaded.generated()) {
                log.warn("*** Generated a DEVELOPMENT token signing key in {}. Tokens it signs stop verifying if the "
                        + "file is lost; set vidgate.tokens.jwks-file for anything but local development. ***", devFile);
            } else {
                log.warn("Using the DEVELOPMENT token signing key in {} (dev profile)", devFile);
            }
            return loaded.keys();
        } catch (IOException e) {
            throw new ConfigurationProblem("vidgate.tokens.jwks-file: cannot read or write " + (file != null ? file
                    : data.dataDir()) + " (" + e.getMessage() + ")", e);
        }
    }

    @Bean
    BackendApiKeys backendApiKeys(TokenProperties properties) {
        return ConfigurationProblem.check(() -> BackendApiKeys.of(properties.apiKeys()));
    }

    @Bean
    ConnectionTokenIssuer connectionTokenIssuer(SigningKeys keys, TokenSettings settings) {
        return new ConnectionTokenIssuer(keys, settings, Clock.systemUTC());
    }

    @Bean
    ConnectionTokenVerifier connectionTokenVerifier(TokenSettings settings, SigningKeys keys, BackendApiKeys apiKeys) {
        return new ConnectionTokenVerifier(settings, keys.publicKeys(), apiKeys, Clock.systemUTC());
    }

    private static SigningKeys load(Path file) {
        try {
            return SigningKeys.load(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("vidgate.tokens.jwks-file: cannot read " + file + " (" + e.getMessage()
                    + ")", e);
        }
    }
}
