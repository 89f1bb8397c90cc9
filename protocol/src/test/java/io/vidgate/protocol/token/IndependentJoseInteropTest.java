package io.vidgate.protocol.token;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.vidgate.protocol.token.TokenFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our tokens checked by jose4j, and jose4j-made tokens checked by us: no shared code between the two sides. */
class IndependentJoseInteropTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final SigningKeys keys = SigningKeys.generate();
    private final ConnectionTokenIssuer issuer = new ConnectionTokenIssuer(keys, settings(), clock);

    private JwtConsumer jose4jConsumer(String publicJwkSetJson) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(publicJwkSetJson);
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setExpectedIssuer(ISSUER)
                .setExpectedAudience(AUDIENCE)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireNotBefore()
                .setRequireSubject()
                .setRequireJwtId()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
                .build();
    }

    @Test
    void jose4jVerifiesOurTokenWithThePublicJwkSetJson() throws Exception {
        IssuedConnectionToken issued = issuer.issue(
                ConnectionGrant.of(SESSION, CONNECTION, Role.SUBSCRIBER).withServerData("{\"n\":1}").withSingleUse(true));

        JwtClaims claims = jose4jConsumer(keys.publicJwkSet()).processToClaims(issued.jwt());

        assertThat(claims.getSubject()).isEqualTo(CONNECTION);
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringClaimValue("sid")).isEqualTo(SESSION);
        assertThat(claims.getStringClaimValue("role")).isEqualTo("SUBSCRIBER");
        assertThat(claims.getStringClaimValue("data")).isEqualTo("{\"n\":1}");
        assertThat(claims.getClaimValue("single_use", Boolean.class)).isTrue();
        assertThat(claims.getJwtId()).isEqualTo(issued.claims().tokenId());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(NOW.getEpochSecond() + 600);
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(issued.jwt());
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(keys.signingKeyId());
        assertThat(jws.getHeader("typ")).isEqualTo("JWT");
    }

    @Test
    void jose4jRefusesOurTokenUnderAnotherKeySet() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER)).jwt();
        String otherSet = SigningKeys.generate().publicJwkSet();
        assertThatThrownBy(() -> jose4jConsumer(otherSet).processToClaims(jwt)).isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void weVerifyAnEs256TokenSignedByJose4j() throws Exception {
        EllipticCurveJsonWebKey jwk = (EllipticCurveJsonWebKey) new JsonWebKeySet(keys.toPrivateJson()).getJsonWebKeys().get(0);
        String jwt = jose4jToken(jwk.getPrivateKey(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, jwk.getKeyId(), ISSUER);

        ConnectionTokenVerifier verifier = new ConnectionTokenVerifier(settings(),
                PublicKeySet.parse(keys.publicJwkSet(), "the public JWK set"), clock);
        VerifiedConnectionToken verified = verifier.verify(jwt, SESSION);
        assertThat(verified.role()).isEqualTo(Role.MODERATOR);
        assertThat(verified.connectionId()).isEqualTo(CONNECTION);
        assertThat(verified.origin()).isEqualTo(TokenOrigin.GATEWAY);
    }

    @Test
    void weVerifyABackendHs256TokenMintedByJose4j() throws Exception {
        ConnectionTokenVerifier verifier = new ConnectionTokenVerifier(settings(), keys.publicKeys(),
                BackendApiKeys.of(Map.of(API_KEY, API_SECRET)), clock);
        HmacKey secret = new HmacKey(API_SECRET.getBytes(StandardCharsets.UTF_8));

        // LiveKit style: iss = the API key.
        VerifiedConnectionToken liveKitStyle = verifier.verify(
                jose4jToken(secret, AlgorithmIdentifiers.HMAC_SHA256, API_KEY, API_KEY), SESSION);
        assertThat(liveKitStyle.origin()).isEqualTo(TokenOrigin.BACKEND);
        assertThat(liveKitStyle.keyId()).isEqualTo(API_KEY);
        assertThat(liveKitStyle.claims().issuer()).isEqualTo(API_KEY);

        // Or the configured issuer.
        assertThat(verifier.verify(jose4jToken(secret, AlgorithmIdentifiers.HMAC_SHA256, API_KEY, ISSUER), SESSION).role())
                .isEqualTo(Role.MODERATOR);

        // But not some other issuer, nor another API key's name.
        assertThatThrownBy(() -> verifier.verify(jose4jToken(secret, AlgorithmIdentifiers.HMAC_SHA256, API_KEY, "someone"), SESSION))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.WRONG_ISSUER));
    }

    @Test
    void backendTokenWithoutSubIsRefused() throws Exception {
        ConnectionTokenVerifier verifier = new ConnectionTokenVerifier(settings(), keys.publicKeys(),
                BackendApiKeys.of(Map.of(API_KEY, API_SECRET)), clock);
        JwtClaims claims = baseClaims(API_KEY);
        claims.unsetClaim("sub");
        String jwt = sign(claims, new HmacKey(API_SECRET.getBytes(StandardCharsets.UTF_8)), AlgorithmIdentifiers.HMAC_SHA256, API_KEY);
        assertThatThrownBy(() -> verifier.verify(jwt, SESSION))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.MISSING_CLAIM));
    }

    private static String jose4jToken(java.security.Key key, String alg, String kid, String iss) throws Exception {
        return sign(baseClaims(iss), key, alg, kid);
    }

    private static JwtClaims baseClaims(String iss) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(iss);
        claims.setAudience(List.of(AUDIENCE));
        claims.setSubject(CONNECTION);
        claims.setClaim("sid", SESSION);
        claims.setClaim("role", "MODERATOR");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 300));
        claims.setJwtId(ConnectionIds.generate());
        return claims;
    }

    private static String sign(JwtClaims claims, java.security.Key key, String alg, String kid) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }
}
