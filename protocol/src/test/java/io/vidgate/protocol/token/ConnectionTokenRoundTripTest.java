package io.vidgate.protocol.token;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.vidgate.protocol.token.TokenFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionTokenRoundTripTest {
    private final MutableClock clock = new MutableClock(NOW);
    private final SigningKeys keys = SigningKeys.generate();
    private final ConnectionTokenIssuer issuer = new ConnectionTokenIssuer(keys, settings(), clock);
    private final ConnectionTokenVerifier verifier = new ConnectionTokenVerifier(settings(), keys.publicKeys(), clock);

    @Test
    void issuedTokenVerifiesWithAllClaims() throws Exception {
        IssuedConnectionToken issued = issuer.issue(
                ConnectionGrant.of(SESSION, CONNECTION, Role.MODERATOR).withServerData("{\"user\":\"alice\"}"));

        VerifiedConnectionToken verified = verifier.verify(issued.jwt(), SESSION);

        assertThat(verified.origin()).isEqualTo(TokenOrigin.GATEWAY);
        assertThat(verified.keyId()).isEqualTo(keys.signingKeyId());
        assertThat(verified.sessionId()).isEqualTo(SESSION);
        assertThat(verified.connectionId()).isEqualTo(CONNECTION);
        assertThat(verified.role()).isEqualTo(Role.MODERATOR);
        assertThat(verified.serverData()).isEqualTo("{\"user\":\"alice\"}");
        assertThat(verified.claims()).isEqualTo(issued.claims());
        ConnectionTokenClaims claims = verified.claims();
        assertThat(claims.issuer()).isEqualTo(ISSUER);
        assertThat(claims.audience()).containsExactly(AUDIENCE);
        assertThat(claims.issuedAt()).isEqualTo(NOW);
        assertThat(claims.notBefore()).isEqualTo(NOW);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(claims.tokenId()).hasSize(22);
        assertThat(claims.singleUse()).isFalse();
    }

    @Test
    void headerIsEs256WithKidAndTyp() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER)).jwt();
        JWSHeader header = JWSHeader.parse(new Base64URL(jwt.split("\\.")[0]));
        assertThat(header.getAlgorithm().getName()).isEqualTo("ES256");
        assertThat(header.getKeyID()).isEqualTo(keys.signingKeyId());
        assertThat(header.getType().getType()).isEqualTo("JWT");
        assertThat(header.getCriticalParams()).isNull();
    }

    @Test
    void payloadUsesTheDocumentedClaimNames() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.SUBSCRIBER).withSingleUse(true)).jwt();
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(jwt.split("\\.")[1]).decodeToString());
        assertThat(payload).containsOnlyKeys("iss", "aud", "sub", "sid", "role", "data", "iat", "nbf", "exp", "jti", "single_use");
        assertThat(payload).containsEntry("aud", AUDIENCE).containsEntry("role", "SUBSCRIBER")
                .containsEntry("single_use", true).containsEntry("data", "");
    }

    @Test
    void reusableTokensCarryNoSingleUseClaim() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.SUBSCRIBER)).jwt();
        Map<String, Object> payload = JSONObjectUtils.parse(new Base64URL(jwt.split("\\.")[1]).decodeToString());
        assertThat(payload).doesNotContainKey("single_use");
    }

    @Test
    void singleUseTokenJoinsOnce() throws Exception {
        TokenReplayGuard guard = new InMemoryTokenReplayGuard(clock, settings().leeway());
        String single = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER).withSingleUse(true)).jwt();
        String reusable = issuer.issue(ConnectionGrant.of(SESSION, ConnectionIds.generate(), Role.PUBLISHER)).jwt();

        guard.requireFirstUse(verifier.verify(single, SESSION));
        assertThatThrownBy(() -> guard.requireFirstUse(verifier.verify(single, SESSION)))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.REPLAYED));

        guard.requireFirstUse(verifier.verify(reusable, SESSION));
        guard.requireFirstUse(verifier.verify(reusable, SESSION));
    }

    @Test
    void everyTokenHasItsOwnJti() {
        ConnectionGrant grant = ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER);
        assertThat(issuer.issue(grant).claims().tokenId()).isNotEqualTo(issuer.issue(grant).claims().tokenId());
    }

    @Test
    void lifetimeIsConfigurable() throws Exception {
        ConnectionTokenIssuer shortLived = new ConnectionTokenIssuer(keys, settings().withTtl(Duration.ofSeconds(30)), clock);
        IssuedConnectionToken issued = shortLived.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER));
        assertThat(issued.claims().expiresAt()).isEqualTo(NOW.plusSeconds(30));
        clock.advance(Duration.ofSeconds(34));
        verifier.verify(issued.jwt(), SESSION);
        clock.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> verifier.verify(issued.jwt(), SESSION))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.EXPIRED));
    }

    @Test
    void ttlOutsideTenSecondsToADayIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> settings().withTtl(Duration.ofHours(24).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vidgate.tokens.ttl");
        assertThatThrownBy(() -> settings().withTtl(Duration.ofSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vidgate.tokens.ttl");
        assertThat(settings().withTtl(Duration.ofHours(24)).ttl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings().withTtl(Duration.ofSeconds(10)).ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings().ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void otherSettingsAreValidated() {
        assertThatThrownBy(() -> TokenSettings.of(" ", AUDIENCE)).hasMessageContaining("vidgate.tokens.issuer");
        assertThatThrownBy(() -> TokenSettings.of(ISSUER, null)).hasMessageContaining("vidgate.tokens.audience");
        assertThatThrownBy(() -> settings().withLeeway(Duration.ofSeconds(-1))).hasMessageContaining("vidgate.tokens.leeway");
        assertThatThrownBy(() -> settings().withMaxTokenChars(100)).hasMessageContaining("vidgate.tokens.max-size");
    }

    @Test
    void serverDataTooLargeForAnyVerifierIsRefusedAtIssue() {
        ConnectionGrant grant = ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER).withServerData("x".repeat(8000));
        assertThatThrownBy(() -> issuer.issue(grant))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serverData");
    }

    @Test
    void grantsValidateTheirIds() {
        assertThatThrownBy(() -> ConnectionGrant.of(CONNECTION + "x", SESSION, Role.PUBLISHER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionGrant.of("bad session", CONNECTION, Role.PUBLISHER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectionGrant.of(SESSION, CONNECTION, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void issuedTokenToStringHidesTheJwt() {
        IssuedConnectionToken issued = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER));
        assertThat(issued.toString()).doesNotContain(issued.jwt()).doesNotContain(issued.jwt().split("\\.")[2]);
    }

    @Test
    void verifiesThroughTheJoinRoomTokenUrl() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER)).jwt();
        String url = OpenViduTokenUrl.build(java.net.URI.create("https://edge.example"), SESSION, jwt);

        assertThat(verifier.verifyJoinRoomToken(url, SESSION).connectionId()).isEqualTo(CONNECTION);
        assertThat(verifier.verifyJoinRoomToken(url, null).sessionId()).isEqualTo(SESSION);
        assertThat(verifier.verifyJoinRoomToken(url + "&webrtcStatsInterval=30&edition=ce", SESSION).role()).isEqualTo(Role.PUBLISHER);
        assertThat(verifier.verifyJoinRoomToken(jwt, SESSION).connectionId()).isEqualTo(CONNECTION);
    }

    @Test
    void joinRoomRefusesTheSecretBackdoorAndSessionMismatches() {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER)).jwt();
        String url = OpenViduTokenUrl.build(java.net.URI.create("https://edge.example"), SESSION, jwt);

        assertRejected(() -> verifier.verifyJoinRoomToken(url + "&secret=MY_SECRET", SESSION), TokenRejection.SECRET_NOT_ACCEPTED);
        assertRejected(() -> verifier.verifyJoinRoomToken(url + "&%73ecret=MY_SECRET", SESSION), TokenRejection.SECRET_NOT_ACCEPTED);
        assertRejected(() -> verifier.verifyJoinRoomToken(url, "ses_Other12345"), TokenRejection.WRONG_SESSION);
        assertRejected(() -> verifier.verifyJoinRoomToken(jwt, "ses_Other12345"), TokenRejection.WRONG_SESSION);
        assertRejected(() -> verifier.verifyJoinRoomToken(jwt, null), TokenRejection.WRONG_SESSION);
        assertRejected(() -> verifier.verifyJoinRoomToken("wss://edge.example?sessionId=" + SESSION + "&token=tok_ABC", SESSION),
                TokenRejection.BAD_TOKEN_URL);
    }

    @Test
    void bearerVerificationNeedsNoSessionButChecksEverythingElse() throws Exception {
        String jwt = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.SUBSCRIBER)).jwt();
        String url = OpenViduTokenUrl.build(java.net.URI.create("https://edge.example"), SESSION, jwt);

        assertThat(verifier.verifyBearer(jwt).sessionId()).isEqualTo(SESSION);
        assertThat(verifier.verifyBearer(url).connectionId()).isEqualTo(CONNECTION);
        assertRejected(() -> verifier.verifyBearer(url.replace("sessionId=" + SESSION, "sessionId=ses_Other12345")),
                TokenRejection.WRONG_SESSION);
        assertRejected(() -> verifier.verifyBearer(url + "&secret=x"), TokenRejection.SECRET_NOT_ACCEPTED);
        String[] parts = jwt.split("\\.");
        assertRejected(() -> verifier.verifyBearer(parts[0] + "." + parts[1] + ".AAAA"), TokenRejection.BAD_SIGNATURE);
        clock.advance(Duration.ofHours(1));
        assertRejected(() -> verifier.verifyBearer(jwt), TokenRejection.EXPIRED);
        assertRejected(() -> verifier.verifyBearer("garbage"), TokenRejection.BAD_TOKEN_URL);
    }

    private static void assertRejected(ThrowingCall call, TokenRejection reason) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void claimsRecordKeepsAudienceImmutable() {
        IssuedConnectionToken issued = issuer.issue(ConnectionGrant.of(SESSION, CONNECTION, Role.PUBLISHER));
        List<String> audience = issued.claims().audience();
        assertThatThrownBy(() -> audience.add("other")).isInstanceOf(UnsupportedOperationException.class);
    }
}
