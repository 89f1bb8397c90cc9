package io.vidgate.boot.tokens;

import java.io.IOException;
import java.nio.file.Path;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.DataDirectoryProperties;
import io.vidgate.protocol.token.BackendApiKeys;
import io.vidgate.protocol.token.LoadedSigningKeys;
import io.vidgate.protocol.token.PublicKeySet;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Token settings and keys from {@link TokenProperties}, loaded the same way by the gateway (which signs) and the
 * broker (which verifies again at joinRoom), so that the two can never disagree about a token. Every failure is a
 * {@link ConfigurationProblem} naming the property, never a key.
 */
public final class TokenKeys {
    private static final Logger log = LoggerFactory.getLogger(TokenKeys.class);
    private static final String DEV_KEY_FILE = "signing-keys.jwks.json";

    private TokenKeys() {
    }

    public static TokenSettings settings(TokenProperties properties) {
        return ConfigurationProblem.check(() -> TokenSettings.of(properties.issuer(), properties.audience())
                .withTtl(properties.ttl())
                .withLeeway(properties.leeway())
                .withMaxTokenChars(properties.maxSize()));
    }

    public static BackendApiKeys apiKeys(TokenProperties properties) {
        return ConfigurationProblem.check(() -> BackendApiKeys.of(properties.apiKeys()));
    }

    /** The gateway's signing keys: {@code vidgate.tokens.jwks-file}, or in the dev profile a generated key. */
    public static SigningKeys signingKeys(TokenProperties properties, DataDirectoryProperties data, Environment environment) {
        Path file = properties.jwksFile();
        if (file != null) {
            return read(file, () -> SigningKeys.load(file));
        }
        return devKeys(data, environment);
    }

    /**
     * The keys a verifier needs: the public parts of {@code vidgate.tokens.jwks-file} (the gateway's file itself, or
     * the public JWK set it serves at {@code /.well-known/jwks.json}), or in the dev profile the same generated key
     * the gateway uses, found through the shared {@code vidgate.data-dir}.
     */
    public static PublicKeySet verificationKeys(TokenProperties properties, DataDirectoryProperties data, Environment environment) {
        Path file = properties.jwksFile();
        if (file != null) {
            return read(file, () -> PublicKeySet.load(file));
        }
        return devKeys(data, environment).publicKeys();
    }

    private static SigningKeys devKeys(DataDirectoryProperties data, Environment environment) {
        if (!environment.acceptsProfiles(Profiles.of("dev"))) {
            throw new InvalidConfigurationPropertyValueException("vidgate.tokens.jwks-file", "<unset>",
                    "must name a JWK set with the token keys (env VIDGATE_TOKENS_JWKS_FILE); only the dev profile "
                            + "generates a key by itself");
        }
        Path devFile = data.dataDir().resolve(DEV_KEY_FILE);
        // Gateway and broker may start at the same moment: loadOrGenerate lets exactly one of them write the file.
        LoadedSigningKeys loaded = read(data.dataDir(), () -> SigningKeys.loadOrGenerate(devFile));
        if (loaded.generated()) {
            log.warn("*** Generated a DEVELOPMENT token signing key in {}. Tokens it signs stop verifying if the "
                    + "file is lost; set vidgate.tokens.jwks-file for anything but local development. ***", devFile);
        } else {
            log.warn("Using the DEVELOPMENT token signing key in {} (dev profile)", devFile);
        }
        return loaded.keys();
    }

    private interface Reader<T> {
        T read() throws IOException;
    }

    private static <T> T read(Path path, Reader<T> reader) {
        try {
            return reader.read();
        } catch (IOException e) {
            throw new ConfigurationProblem("vidgate.tokens.jwks-file: cannot read or write " + path + " ("
                    + e.getMessage() + ")", e);
        } catch (IllegalArgumentException rejected) {
            throw new ConfigurationProblem(rejected.getMessage(), rejected);
        }
    }
}
