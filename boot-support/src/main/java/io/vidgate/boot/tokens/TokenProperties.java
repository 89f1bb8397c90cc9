package io.vidgate.boot.tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection tokens ({@code vidgate.tokens.*}). Limits (ttl 10 s–24 h, leeway ≤ 5 min, size 1–64 KiB, API secrets of
 * at least 32 bytes) are enforced by the protocol module's {@code TokenSettings} and {@code BackendApiKeys}, so the
 * gateway and the broker can never disagree about them.
 *
 * @param ttl       lifetime of the tokens the gateway signs
 * @param jwksFile  the JWK set with the ES256 signing keys (the first signs, all verify); required outside the dev
 *                  profile, where a key is generated under {@code vidgate.data-dir} instead
 * @param issuer    {@code iss} of signed tokens, required on backend-minted ones too
 * @param audience  {@code aud} of signed tokens, required on every token
 * @param leeway    clock skew tolerated on {@code exp} and {@code nbf}
 * @param maxSize   longest token accepted, checked before parsing
 * @param singleUse whether a token can join only once (its {@code jti} is remembered until it expires)
 * @param apiKeys   backend API keys (key → secret) for HS256 tokens that backends mint themselves ({@code kid} = key)
 */
@Validated
@ConfigurationProperties("vidgate.tokens")
public record TokenProperties(
        @DefaultValue("10m") Duration ttl,
        Path jwksFile,
        @DefaultValue("vidgate") @NotBlank String issuer,
        @DefaultValue("vidgate") @NotBlank String audience,
        @DefaultValue("5s") Duration leeway,
        @DefaultValue("8192") int maxSize,
        @DefaultValue("false") boolean singleUse,
        Map<String, String> apiKeys) {

    public Map<String, String> apiKeys() {
        return apiKeys == null ? Map.of() : apiKeys;
    }

    @Override
    public String toString() {
        return "TokenProperties[ttl=" + ttl + ", jwksFile=" + jwksFile + ", issuer=" + issuer + ", audience=" + audience
                + ", apiKeys=" + apiKeys().keySet() + " (secrets redacted)]";
    }
}
