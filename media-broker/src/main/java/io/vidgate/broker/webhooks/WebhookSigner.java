package io.vidgate.broker.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (standardwebhooks.com, "Signature scheme"): for each secret,
 * {@code v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>}, where the key is the base64
 * after the secret's {@code whsec_} prefix; several signatures are separated by spaces, and a receiver accepts the
 * message when any one verifies — which is how a secret is rotated without a gap.
 */
final class WebhookSigner {

    static final String PREFIX = "whsec_";

    /** The specification asks for keys of 24 to 64 bytes; a shorter one is too easy to guess. */
    private static final int MIN_KEY_BYTES = 24;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;

    private WebhookSigner(List<SecretKeySpec> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param secrets {@code whsec_<base64>} each; may be empty (unsigned webhooks, as OpenVidu's)
     * @throws IllegalArgumentException naming the property and which secret is malformed, never its value
     */
    static WebhookSigner of(List<String> secrets) {
        List<SecretKeySpec> keys = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            keys.add(key(secrets.get(i) == null ? "" : secrets.get(i).trim(), i + 1));
        }
        return new WebhookSigner(keys);
    }

    /** Whether there is anything to sign with. */
    boolean signs() {
        return !keys.isEmpty();
    }

    /** The {@code webhook-signature} header's value: one {@code v1,…} per secret, space separated. */
    String sign(String id, long timestampSeconds, String body) {
        byte[] content = (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>(keys.size());
        for (SecretKeySpec key : keys) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, content)));
        }
        return String.join(" ", signatures);
    }

    private static SecretKeySpec key(String secret, int position) {
        String which = "vidgate.webhooks.signing-secret(s): secret #" + position;
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException(which + " does not start with " + PREFIX
                    + " (Standard Webhooks form: whsec_ followed by base64 of 24 to 64 random bytes)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(which + " is not whsec_ followed by base64");
        }
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(which + " is " + key.length + " bytes; Standard Webhooks asks for 24 to"
                    + " 64 random bytes (e.g. whsec_$(openssl rand -base64 32))");
        }
        return new SecretKeySpec(key, ALGORITHM);
    }

    private static byte[] hmac(SecretKeySpec key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(content);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC key refused", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
