package io.vidgate.protocol.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.vidgate.protocol.token.TokenFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Each test forges one thing wrong and asserts the exact rejection, and that the message does not carry the token.
 */
class ConnectionTokenAttackTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final SigningKeys keys = SigningKeys.generate();
    private final ECKey ecKey = privateKey();
    private final String kid = keys.signingKeyId();
    private final ConnectionTokenVerifier verifier = new ConnectionTokenVerifier(settings(), keys.publicKeys(),
            BackendApiKeys.of(Map.of(API_KEY, API_SECRET)), clock);

    private String es256(Map<String, Object> header, Map<String, Object> payload) {
        try {
            return sign(header, payload, new ECDSASigner(privateKey()), JWSAlgorithm.ES256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ECKey privateKey() {
        try {
            return (ECKey) com.nimbusds.jose.jwk.JWKSet.parse(keys.toPrivateJson()).getKeys().get(0);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRejected(String token, TokenRejection reason) {
        assertRejected(token, SESSION, reason);
    }

    private void assertRejected(String token, String session, TokenRejection reason) {
        try {
            verifier.verify(token, session);
            fail("accepted a token that should be refused with " + reason);
        } catch (TokenRejectedException e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.getMessage()).startsWith(reason.name());
            if (token != null && token.length() > 12) {
                assertThat(e.getMessage()).doesNotContain(token);
                for (String part : token.split("\\.")) {
                    if (part.length() > 12) {
                        assertThat(e.getMessage()).doesNotContain(part);
                    }
                }
            }
        }
    }

    @Test
    void baselineIsAccepted() throws Exception {
        assertThat(verifier.verify(es256(header("ES256", kid), validClaims()), SESSION).role()).isEqualTo(Role.PUBLISHER);
    }

    // --- algorithm attacks -------------------------------------------------------------------------------------

    @Test
    void algNoneIsRefused() {
        String unsigned = b64("{\"alg\":\"none\"}") + "." + b64(json(validClaims())) + ".";
        assertRejected(unsigned, TokenRejection.ALG_NOT_ALLOWED);
        String unsignedWithKid = b64("{\"alg\":\"none\",\"kid\":\"" + kid + "\"}") + "." + b64(json(validClaims())) + ".";
        assertRejected(unsignedWithKid, TokenRejection.ALG_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "NONE", "nOnE", "es256", "HS512", "HS384", "PS256", "EdDSA", ""})
    void otherAlgNamesAreRefused(String alg) {
        String token = b64("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}") + "." + b64(json(validClaims())) + ".c2ln";
        assertRejected(token, TokenRejection.ALG_NOT_ALLOWED);
    }

    @Test
    void hs256SignedWithTheEcPublicKeyJsonIsAlgConfusion() throws Exception {
        byte[] publicJwkJson = ecKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        String token = sign(header("HS256", kid), validClaims(), new MACSigner(publicJwkJson), JWSAlgorithm.HS256);
        assertRejected(token, TokenRejection.ALG_NOT_ALLOWED);
    }

    @Test
    void hs256SignedWithTheEcPublicKeyBytesIsAlgConfusion() throws Exception {
        byte[] encoded = ecKey.toECPublicKey().getEncoded(); // X.509 SubjectPublicKeyInfo, as a PEM would hold
        String token = sign(header("HS256", kid), validClaims(), new MACSigner(encoded), JWSAlgorithm.HS256);
        assertRejected(token, TokenRejection.ALG_NOT_ALLOWED);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(encoded) + "\n-----END PUBLIC KEY-----\n";
        String pemToken = sign(header("HS256", kid), validClaims(), new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)), JWSAlgorithm.HS256);
        assertRejected(pemToken, TokenRejection.ALG_NOT_ALLOWED);
    }

    @Test
    void es256NamingABackendApiKeyIsRefused() {
        assertRejected(es256(header("ES256", API_KEY), validClaims()), TokenRejection.ALG_NOT_ALLOWED);
    }

    @Test
    void rs256IsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid).generate();
        String token = sign(header("RS256", kid), validClaims(), new RSASSASigner(rsa), JWSAlgorithm.RS256);
        assertRejected(token, TokenRejection.ALG_NOT_ALLOWED);
    }

    @Test
    void es384IsRefused() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        String token = sign(header("ES384", kid), validClaims(), new ECDSASigner(p384), JWSAlgorithm.ES384);
        assertRejected(token, TokenRejection.ALG_NOT_ALLOWED);
    }

    // --- header attacks ----------------------------------------------------------------------------------------

    @Test
    void critHeaderIsRefused() {
        Map<String, Object> header = header("ES256", kid);
        header.put("crit", List.of("exp"));
        assertRejected(es256(header, validClaims()), TokenRejection.UNSUPPORTED_HEADER);
    }

    @Test
    void embeddedKeyHeadersAreRefused() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        Map<String, Object> header = header("ES256", kid);
        header.put("jwk", attacker.toPublicJWK().toJSONObject());
        assertRejected(sign(header, validClaims(), new ECDSASigner(attacker), JWSAlgorithm.ES256), TokenRejection.UNSUPPORTED_HEADER);

        Map<String, Object> jku = header("ES256", kid);
        jku.put("jku", "https://attacker.example/jwks.json");
        assertRejected(sign(jku, validClaims(), new ECDSASigner(attacker), JWSAlgorithm.ES256), TokenRejection.UNSUPPORTED_HEADER);
    }

    @Test
    void unencodedPayloadHeaderIsRefused() {
        Map<String, Object> header = header("ES256", kid);
        header.put("b64", false);
        assertRejected(es256(header, validClaims()), TokenRejection.UNSUPPORTED_HEADER);
    }

    @Test
    void foreignTypIsRefused() {
        Map<String, Object> header = header("ES256", kid);
        header.put("typ", "vidgate-webhook+jwt");
        assertRejected(es256(header, validClaims()), TokenRejection.WRONG_TYPE);
        header.put("typ", "jwt");
        assertThat(catchVerify(es256(header, validClaims()))).isNull();
        header.remove("typ");
        assertThat(catchVerify(es256(header, validClaims()))).isNull();
    }

    @Test
    void missingKidIsRefused() {
        assertRejected(es256(header("ES256", null), validClaims()), TokenRejection.MISSING_KID);
        Map<String, Object> numericKid = header("ES256", null);
        numericKid.put("kid", 7);
        assertRejected(es256(numericKid, validClaims()), TokenRejection.MISSING_KID);
    }

    @Test
    void unknownKidIsRefused() {
        assertRejected(es256(header("ES256", "no-such-key"), validClaims()), TokenRejection.UNKNOWN_KEY);
    }

    @Test
    void hs256WithUnknownApiKeyIsRefused() throws Exception {
        String token = sign(header("HS256", "other-backend"), validClaims(), new MACSigner(API_SECRET), JWSAlgorithm.HS256);
        assertRejected(token, TokenRejection.UNKNOWN_KEY);
    }

    // --- signature attacks -------------------------------------------------------------------------------------

    @Test
    void tamperedPayloadIsRefused() {
        String token = es256(header("ES256", kid), validClaims());
        List<String> parts = partsOf(token);
        Map<String, Object> escalated = validClaims();
        escalated.put("role", "MODERATOR");
        String tampered = parts.get(0) + "." + b64(json(escalated)) + "." + parts.get(2);
        assertRejected(tampered, TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void tamperedHeaderIsRefused() {
        String token = es256(header("ES256", kid), validClaims());
        List<String> parts = partsOf(token);
        String tampered = b64("{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}") + "." + parts.get(1) + "." + parts.get(2);
        assertRejected(tampered, TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void tokenSignedByAnotherKeyWithOurKidIsRefused() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        assertRejected(sign(header("ES256", kid), validClaims(), new ECDSASigner(attacker), JWSAlgorithm.ES256),
                TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void psychicSignatureIsRefused() {
        // CVE-2022-21449: r = s = 0 verified on unpatched JDKs.
        List<String> parts = partsOf(es256(header("ES256", kid), validClaims()));
        String zero = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertRejected(parts.get(0) + "." + parts.get(1) + "." + zero, TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void emptyOrTruncatedSignatureIsRefused() {
        List<String> parts = partsOf(es256(header("ES256", kid), validClaims()));
        assertRejected(parts.get(0) + "." + parts.get(1) + ".", TokenRejection.BAD_SIGNATURE);
        assertRejected(parts.get(0) + "." + parts.get(1) + "." + parts.get(2).substring(0, 40), TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void wrongHmacSecretIsRefused() throws Exception {
        String token = sign(header("HS256", API_KEY), validClaims(), new MACSigner(API_SECRET + "x"), JWSAlgorithm.HS256);
        assertRejected(token, TokenRejection.BAD_SIGNATURE);
    }

    // --- claim attacks -----------------------------------------------------------------------------------------

    @Test
    void wrongSessionIsRefused() {
        assertRejected(es256(header("ES256", kid), validClaims()), "ses_Other12345", TokenRejection.WRONG_SESSION);
    }

    @Test
    void wrongAudienceIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("aud", "another-service");
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.WRONG_AUDIENCE);
        claims.put("aud", List.of("another-service", AUDIENCE));
        assertThat(catchVerify(es256(header("ES256", kid), claims))).isNull();
    }

    @Test
    void wrongIssuerIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("iss", "https://evil.example");
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.WRONG_ISSUER);
        claims.put("iss", kid); // kid-as-issuer is for backend HS256 tokens only
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.WRONG_ISSUER);
    }

    @Test
    void expiredIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("exp", NOW.minusSeconds(6).getEpochSecond());
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.EXPIRED);
    }

    @Test
    void notYetValidIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("nbf", NOW.plusSeconds(6).getEpochSecond());
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.NOT_YET_VALID);
        Map<String, Object> future = validClaims();
        future.put("iat", NOW.plusSeconds(60).getEpochSecond());
        future.remove("nbf");
        assertRejected(es256(header("ES256", kid), future), TokenRejection.NOT_YET_VALID);
    }

    @Test
    void leewayIsRespectedOnBothEnds() {
        Map<String, Object> claims = validClaims();
        claims.put("exp", NOW.minusSeconds(4).getEpochSecond());
        assertThat(catchVerify(es256(header("ES256", kid), claims))).isNull();
        claims.put("exp", NOW.minusSeconds(5).getEpochSecond());
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.EXPIRED);

        Map<String, Object> early = validClaims();
        early.put("nbf", NOW.plusSeconds(5).getEpochSecond());
        early.put("iat", NOW.plusSeconds(5).getEpochSecond());
        assertThat(catchVerify(es256(header("ES256", kid), early))).isNull();

        ConnectionTokenVerifier strict = new ConnectionTokenVerifier(settings().withLeeway(Duration.ZERO), keys.publicKeys(), clock);
        assertThatThrownBy(() -> strict.verify(es256(header("ES256", kid), early), SESSION))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.NOT_YET_VALID));
    }

    @Test
    void expiryMoreThanADayAheadIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("exp", NOW.plus(Duration.ofDays(3650)).getEpochSecond());
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.EXPIRY_TOO_FAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "sub", "sid", "role", "iat", "exp", "jti"})
    void requiredClaimMissingIsRefused(String claim) {
        Map<String, Object> claims = validClaims();
        claims.remove(claim);
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.MISSING_CLAIM);
    }

    @Test
    void optionalClaimsMayBeAbsent() throws Exception {
        Map<String, Object> claims = validClaims();
        claims.remove("nbf");
        claims.remove("data");
        VerifiedConnectionToken token = verifier.verify(es256(header("ES256", kid), claims), SESSION);
        assertThat(token.serverData()).isEmpty();
        assertThat(token.claims().notBefore()).isEqualTo(NOW);
        assertThat(token.claims().singleUse()).isFalse();
    }

    // --- replays (vidgate.tokens.single-use) ---------------------------------------------------------------------

    @Test
    void withSingleUseOnABackendTokenWithoutTheClaimJoinsOnlyOnce() throws Exception {
        // A backend's HS256 token carries no single_use claim; with the setting on it must still join once, or it
        // could join, leave and join again until it expires.
        Map<String, Object> claims = validClaims();
        String backend = sign(header("HS256", API_KEY), claims, new MACSigner(API_SECRET), JWSAlgorithm.HS256);
        TokenReplayGuard singleUse = new InMemoryTokenReplayGuard(clock, settings().leeway(),
                InMemoryTokenReplayGuard.DEFAULT_MAX_ENTRIES, true);

        VerifiedConnectionToken first = verifier.verify(backend, SESSION);
        assertThat(first.origin()).isEqualTo(TokenOrigin.BACKEND);
        assertThat(first.claims().singleUse()).isFalse();
        singleUse.requireFirstUse(first);
        for (int rejoin = 0; rejoin < 3; rejoin++) {
            assertThatThrownBy(() -> singleUse.requireFirstUse(verifier.verify(backend, SESSION)))
                    .isInstanceOf(TokenRejectedException.class)
                    .satisfies(e -> assertThat(((TokenRejectedException) e).reason()).isEqualTo(TokenRejection.REPLAYED));
        }

        // With the setting off, only tokens that claim single_use are: the backend's token may join again.
        TokenReplayGuard byClaim = new InMemoryTokenReplayGuard(clock, settings().leeway());
        byClaim.requireFirstUse(first);
        byClaim.requireFirstUse(verifier.verify(backend, SESSION));
        claims.put("jti", "jti-once");
        claims.put("single_use", true);
        VerifiedConnectionToken once = verifier.verify(
                sign(header("HS256", API_KEY), claims, new MACSigner(API_SECRET), JWSAlgorithm.HS256), SESSION);
        byClaim.requireFirstUse(once);
        assertThatThrownBy(() -> byClaim.requireFirstUse(once)).isInstanceOf(TokenRejectedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"publisher", "ADMIN", "", " PUBLISHER"})
    void badRoleIsRefused(String role) {
        Map<String, Object> claims = validClaims();
        claims.put("role", role);
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.BAD_ROLE);
    }

    @Test
    void nonStringRoleIsRefused() {
        Map<String, Object> claims = validClaims();
        claims.put("role", List.of("MODERATOR"));
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.BAD_ROLE);
    }

    @Test
    void claimsOfTheWrongShapeAreRefused() {
        Map<String, Object> sub = validClaims();
        sub.put("sub", "con_x_con_ABCDEFGHIJ");
        assertRejected(es256(header("ES256", kid), sub), TokenRejection.INVALID_CLAIM);

        Map<String, Object> exp = validClaims();
        exp.put("exp", "tomorrow");
        assertRejected(es256(header("ES256", kid), exp), TokenRejection.INVALID_CLAIM);

        Map<String, Object> sid = validClaims();
        sid.put("sid", 42);
        assertRejected(es256(header("ES256", kid), sid), TokenRejection.INVALID_CLAIM);

        Map<String, Object> data = validClaims();
        data.put("data", Map.of("name", "alice"));
        assertRejected(es256(header("ES256", kid), data), TokenRejection.INVALID_CLAIM);

        Map<String, Object> single = validClaims();
        single.put("single_use", "yes");
        assertRejected(es256(header("ES256", kid), single), TokenRejection.INVALID_CLAIM);

        Map<String, Object> jti = validClaims();
        jti.put("jti", "j".repeat(129));
        assertRejected(es256(header("ES256", kid), jti), TokenRejection.INVALID_CLAIM);
    }

    // --- size and garbage --------------------------------------------------------------------------------------

    @Test
    void oversizedTokenIsRefusedBeforeParsing() {
        Map<String, Object> claims = validClaims();
        claims.put("data", "x".repeat(9000));
        assertRejected(es256(header("ES256", kid), claims), TokenRejection.TOO_LARGE);
        // Not even parseable, and still TOO_LARGE: the size check comes first.
        assertRejected("{".repeat(100_000), TokenRejection.TOO_LARGE);
    }

    @Test
    void sizeLimitIsConfigurable() throws Exception {
        Map<String, Object> claims = validClaims();
        claims.put("data", "x".repeat(9000));
        String token = es256(header("ES256", kid), claims);
        ConnectionTokenVerifier roomy = new ConnectionTokenVerifier(settings().withMaxTokenChars(16 * 1024), keys.publicKeys(), clock);
        assertThat(roomy.verify(token, SESSION).serverData()).hasSize(9000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "garbage", "a.b", "a.b.c.d", "a.b.c.d.e", "...", "..", "Bearer abc.def.ghi",
            "eyJ.eyJ.sig", "abc.def.ghi", "e30.e30.", "W10.e30.c2ln", "bnVsbA.e30.c2ln", "eyJhbGciOiJFUzI1NiJ9.e30=.c2ln",
            "wss://edge.example?sessionId=ses_A&token=x", "%00.%00.%00", "\u0000\u0001.\u0002.\u0003", "é.é.é"})
    void garbageIsMalformed(String garbage) {
        assertRejected(garbage, TokenRejection.MALFORMED);
    }

    @Test
    void nullIsMalformed() {
        assertRejected(null, TokenRejection.MALFORMED);
    }

    @Test
    void payloadThatIsNotAJsonObjectIsMalformedOnlyAfterTheSignatureVerified() throws Exception {
        String headerPart = b64(json(header("ES256", kid)));
        String payloadPart = b64("[1,2,3]");
        String input = headerPart + "." + payloadPart;
        String signature = new ECDSASigner(privateKey())
                .sign(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.ES256), input.getBytes(StandardCharsets.US_ASCII)).toString();
        assertRejected(input + "." + signature, TokenRejection.MALFORMED);
        assertRejected(headerPart + "." + payloadPart + "." + partsOf(es256(header("ES256", kid), validClaims())).get(2),
                TokenRejection.BAD_SIGNATURE);
    }

    @Test
    void duplicateHeaderMembersAreMalformed() {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"alg\":\"none\"}";
        assertRejected(b64(header) + "." + b64(json(validClaims())) + ".c2ln", TokenRejection.MALFORMED);
    }

    @Test
    void apiKeyCollidingWithAnEcKidIsRefusedAtStart() {
        assertThatThrownBy(() -> new ConnectionTokenVerifier(settings(), keys.publicKeys(),
                BackendApiKeys.of(Map.of(kid, API_SECRET)), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kid");
    }

    private TokenRejection catchVerify(String token) {
        try {
            verifier.verify(token, SESSION);
            return null;
        } catch (TokenRejectedException e) {
            return e.reason();
        }
    }
}
