package io.vidgate.protocol.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared values and a hand-made JWS builder, so attack tests control every byte of header and payload. */
final class TokenFixtures {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final String ISSUER = "https://edge.example";
    static final String AUDIENCE = "vidgate";
    static final String SESSION = "ses_Abc123XYZ9";
    static final String CONNECTION = "con_Q1w2E3r4T5";
    static final String API_KEY = "backend-1";
    static final String API_SECRET = "0123456789abcdef0123456789abcdef-backend";

    private TokenFixtures() {
    }

    static TokenSettings settings() {
        return TokenSettings.of(ISSUER, AUDIENCE);
    }

    /** Claims a verifier accepts at {@link #NOW}, as a mutable JSON object. */
    static Map<String, Object> validClaims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", CONNECTION);
        claims.put("sid", SESSION);
        claims.put("role", "PUBLISHER");
        claims.put("data", "{\"name\":\"alice\"}");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("nbf", NOW.getEpochSecond());
        claims.put("exp", NOW.plusSeconds(600).getEpochSecond());
        claims.put("jti", "jti-" + System.nanoTime());
        return claims;
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (kid != null) {
            header.put("kid", kid);
        }
        header.put("typ", "JWT");
        return header;
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String json(Map<String, Object> object) {
        return JSONObjectUtils.toJSONString(object);
    }

    /** Signs {@code header.payload} exactly as given; {@code signerAlg} picks the signer's algorithm. */
    static String sign(Map<String, Object> header, Map<String, Object> payload, JWSSigner signer, JWSAlgorithm signerAlg) {
        String signingInput = b64(json(header)) + "." + b64(json(payload));
        try {
            return signingInput + "." + signer.sign(new JWSHeader(signerAlg), signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> partsOf(String compact) {
        return List.of(compact.split("\\.", -1));
    }
}
