package io.vidgate.protocol.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.vidgate.protocol.LogSafe;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JWK set and keeps it only if every key is one Vidgate can use for ES256. Stricter than
 * {@code JWKSet.parse}, which silently skips keys of unknown types: a key file that does not mean what the
 * operator thinks it means must stop the process, with a message that says which key is wrong and why.
 * Messages never contain key material.
 */
final class JwkSetParser {

    private JwkSetParser() {
    }

    /**
     * @param source         what to call the input in messages (a file name, {@code "the public JWK set"})
     * @param requirePrivate true for signing keys: every key must have its private part
     */
    static List<ECKey> parseEcP256Keys(String json, String source, boolean requirePrivate) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(source + " is empty; expected a JWK set {\"keys\":[…]}");
        }
        List<Object> rawKeys;
        try {
            Map<String, Object> set = JSONObjectUtils.parse(json);
            rawKeys = JSONObjectUtils.getJSONArray(set, "keys");
        } catch (ParseException e) {
            throw new IllegalArgumentException(source + " is not a JWK set {\"keys\":[…]}: " + e.getMessage());
        }
        if (rawKeys == null || rawKeys.isEmpty()) {
            throw new IllegalArgumentException(source + " has no keys; expected a JWK set {\"keys\":[…]} with at least one EC P-256 key");
        }
        List<ECKey> keys = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (int i = 0; i < rawKeys.size(); i++) {
            String where = source + ", key #" + (i + 1);
            if (!(rawKeys.get(i) instanceof Map)) {
                throw new IllegalArgumentException(where + " is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) rawKeys.get(i);
            Object kty = raw.get("kty");
            if (!"EC".equals(kty)) {
                // Say "symmetric" out loud: an HMAC secret in this file is the classic alg-confusion set-up.
                String what = "oct".equals(kty) ? "a symmetric (oct) key; HMAC secrets belong in the backend API key configuration, never in a JWK set"
                        : "of key type " + LogSafe.quote(kty == null ? null : String.valueOf(kty)) + "; only EC P-256 keys (ES256) are accepted";
                throw new IllegalArgumentException(where + " is " + what);
            }
            JWK jwk;
            try {
                jwk = JWK.parse(raw);
            } catch (ParseException e) {
                throw new IllegalArgumentException(where + " is not a valid EC JWK: " + e.getMessage());
            }
            ECKey key = (ECKey) jwk; // kty EC parses to ECKey
            String kid = key.getKeyID();
            if (kid == null || kid.isBlank()) {
                throw new IllegalArgumentException(where + " has no \"kid\"; every key needs one, tokens name their key by it");
            }
            where = source + ", key " + LogSafe.quote(kid);
            if (!kids.add(kid)) {
                throw new IllegalArgumentException(where + " appears twice; key ids must be unique");
            }
            if (!Curve.P_256.equals(key.getCurve())) {
                throw new IllegalArgumentException(where + " is on curve " + key.getCurve() + "; only P-256 (ES256) is accepted");
            }
            if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                throw new IllegalArgumentException(where + " has \"use\": \"" + key.getKeyUse().identifier() + "\"; expected \"sig\" or nothing");
            }
            if (key.getAlgorithm() != null && !JWSAlgorithm.ES256.equals(key.getAlgorithm())) {
                throw new IllegalArgumentException(where + " has \"alg\": \"" + key.getAlgorithm().getName() + "\"; expected \"ES256\" or nothing");
            }
            if (requirePrivate && !key.isPrivate()) {
                throw new IllegalArgumentException(where + " has no private part (\"d\"): it can verify but cannot sign."
                        + " Signing key files hold private keys; a public-only set is for verifiers (the broker)");
            }
            keys.add(key);
        }
        return List.copyOf(keys);
    }
}
