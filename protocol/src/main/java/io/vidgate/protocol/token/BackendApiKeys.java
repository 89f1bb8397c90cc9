package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import io.vidgate.protocol.LogSafe;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * API key/secret pairs for backends that mint their own connection tokens (LiveKit style): HS256, with the API
 * key as {@code kid} and the secret as the HMAC key. A secret must have at least 32 bytes (256 bits, RFC 7518
 * §3.2); a shorter one stops the process at start instead of weakening every token.
 *
 * <p>These secrets are only ever HMAC keys for HS256. The EC keys are never HMAC keys: the verifier picks the key
 * by {@code kid} <em>and</em> type, so {@code HS256} with an EC key's {@code kid} is refused.
 */
public final class BackendApiKeys {
    public static final int MIN_SECRET_BYTES = 32;
    private static final BackendApiKeys NONE = new BackendApiKeys(Map.of());

    private final Map<String, MACVerifier> verifiers;

    private BackendApiKeys(Map<String, MACVerifier> verifiers) {
        this.verifiers = verifiers;
    }

    /** No backend may mint tokens; only ES256 tokens signed by the gateway are accepted. */
    public static BackendApiKeys none() {
        return NONE;
    }

    /**
     * @param secretsByApiKey API key → secret (the secret's UTF-8 bytes are the HMAC key)
     * @throws IllegalArgumentException for a blank or odd API key, or a secret under 32 bytes; the message names
     *                                  the API key, never the secret
     */
    public static BackendApiKeys of(Map<String, String> secretsByApiKey) {
        Map<String, MACVerifier> verifiers = new LinkedHashMap<>();
        secretsByApiKey.forEach((apiKey, secret) -> {
            if (apiKey == null || !apiKey.matches("[A-Za-z0-9_.:-]{1,128}")) {
                throw new IllegalArgumentException("vidgate.tokens.api-keys: API key " + LogSafe.quote(apiKey)
                        + " must be 1 to 128 characters of [A-Za-z0-9_.:-]");
            }
            byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("vidgate.tokens.api-keys: the secret of API key " + LogSafe.quote(apiKey)
                        + " has " + bytes.length + " bytes; HS256 needs at least " + MIN_SECRET_BYTES
                        + " (generate one with: openssl rand -base64 32)");
            }
            try {
                verifiers.put(apiKey, new MACVerifier(bytes));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("vidgate.tokens.api-keys: API key " + LogSafe.quote(apiKey) + ": " + e.getMessage(), e);
            }
        });
        return new BackendApiKeys(Collections.unmodifiableMap(verifiers));
    }

    public Set<String> apiKeys() {
        return verifiers.keySet();
    }

    MACVerifier verifier(String apiKey) {
        return verifiers.get(apiKey);
    }

    boolean contains(String apiKey) {
        return verifiers.containsKey(apiKey);
    }

    /** API key names only, never secrets. */
    @Override
    public String toString() {
        return "BackendApiKeys" + verifiers.keySet();
    }
}
