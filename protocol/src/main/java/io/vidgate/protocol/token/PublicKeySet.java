package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EC P-256 public keys that verify ES256 connection tokens, by {@code kid}. This is all a verifier needs: the
 * broker loads the gateway's public JWK set (the JSON served at {@code /.well-known/jwks.json}) and never holds a
 * private key. Private parts found in the input are dropped, not kept.
 */
public final class PublicKeySet {
    private final Map<String, ECKey> keys;
    private final Map<String, ECDSAVerifier> verifiers;

    private PublicKeySet(List<ECKey> keys) {
        Map<String, ECKey> byKid = new LinkedHashMap<>();
        Map<String, ECDSAVerifier> verifiersByKid = new LinkedHashMap<>();
        for (ECKey key : keys) {
            ECKey publicKey = key.toPublicJWK();
            if (byKid.put(publicKey.getKeyID(), publicKey) != null) {
                throw new IllegalArgumentException("duplicate key id " + publicKey.getKeyID());
            }
            try {
                verifiersByKid.put(publicKey.getKeyID(), new ECDSAVerifier(publicKey));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("key " + publicKey.getKeyID() + " cannot verify ES256: " + e.getMessage(), e);
            }
        }
        this.keys = Collections.unmodifiableMap(byKid);
        this.verifiers = Collections.unmodifiableMap(verifiersByKid);
    }

    /** Parses a JWK set of EC P-256 keys; public-only keys are fine. Same rules as {@link SigningKeys#parse}. */
    public static PublicKeySet parse(String jwkSetJson, String source) {
        return new PublicKeySet(JwkSetParser.parseEcP256Keys(jwkSetJson, source, false));
    }

    /** Reads a JWK set file; messages name the file. */
    public static PublicKeySet load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), "JWK set file " + file);
    }

    static PublicKeySet of(List<ECKey> validatedKeys) {
        return new PublicKeySet(validatedKeys);
    }

    /** Key ids, in the order of the set. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** The set as JWK set JSON; public parts only, by construction. */
    public String toJson() {
        List<JWK> list = new ArrayList<>(keys.values());
        return new JWKSet(list).toString(true);
    }

    /** The verifier for {@code kid}, or null. */
    ECDSAVerifier verifier(String kid) {
        return verifiers.get(kid);
    }

    boolean contains(String kid) {
        return keys.containsKey(kid);
    }

    @Override
    public String toString() {
        return "PublicKeySet" + keys.keySet();
    }
}
