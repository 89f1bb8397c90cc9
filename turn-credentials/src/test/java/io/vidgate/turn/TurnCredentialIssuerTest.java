package io.vidgate.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TurnCredentialIssuerTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<String> URIS =
            List.of("turn:10.0.0.5:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp");

    private static TurnCredentialIssuer issuer(String... secrets) {
        return new TurnCredentialIssuer(new TurnSettings(Duration.ofMinutes(10), List.of(secrets), URIS), CLOCK);
    }

    @Test
    void usernameIsExpiryColonUserIdAndPasswordIsHmacSha1OfIt() {
        TurnCredential credential = issuer("vidgate-test-secret").issue("alice");

        assertThat(credential.username()).isEqualTo("1700000600:alice");
        // printf %s "1700000600:alice" | openssl dgst -sha1 -hmac "vidgate-test-secret" -binary | base64
        assertThat(credential.password()).isEqualTo("aZvvOQUKJf6PefS0ZAvLXcbWxaA=");
        assertThat(credential.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void passwordMatchesAnIndependentHmacForAnyUser() throws Exception {
        TurnCredential credential = issuer("another secret, with spaces").issue("connection_4fa9");

        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("another secret, with spaces".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder()
                .encodeToString(mac.doFinal(credential.username().getBytes(StandardCharsets.UTF_8)));
        assertThat(credential.password()).isEqualTo(expected);
    }

    @Test
    void firstSecretSignsAndTheOthersAreKept() {
        TurnCredentialIssuer issuer = issuer("next-secret", "vidgate-test-secret");

        // printf %s "1700000600:alice" | openssl dgst -sha1 -hmac "next-secret" -binary | base64
        assertThat(issuer.issue("alice").password()).isEqualTo("LMASlWg8TGU69nXN0PaYeVj1Nyc=");
        assertThat(issuer.settings().secrets()).containsExactly("next-secret", "vidgate-test-secret");
    }

    @Test
    void expiryIsRoundedDownToWholeSecondsSoTheCredentialNeverOutlivesTheTtl() {
        Clock justBeforeTheNextSecond = Clock.fixed(NOW.plusMillis(999), ZoneOffset.UTC);
        TurnCredentialIssuer issuer = new TurnCredentialIssuer(
                new TurnSettings(Duration.ofMinutes(10), List.of("s"), URIS), justBeforeTheNextSecond);

        assertThat(issuer.issue("alice").username()).isEqualTo("1700000600:alice");
    }

    @Test
    void ttlDefaultsToTenMinutes() {
        TurnSettings settings = new TurnSettings(null, List.of("s"), URIS);

        assertThat(settings.ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(new TurnCredentialIssuer(settings, CLOCK).issue("alice").username()).isEqualTo("1700000600:alice");
    }

    @Test
    void ttlFromOneMinuteToTwentyFourHoursIsAccepted() {
        assertThat(new TurnSettings(Duration.ofMinutes(1), List.of("s"), URIS).ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(new TurnSettings(Duration.ofHours(24), List.of("s"), URIS).ttl()).isEqualTo(Duration.ofHours(24));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 59, 86_401, 7 * 86_400})
    void ttlOutsideOneMinuteToTwentyFourHoursIsRejectedNamingTheProperty(long seconds) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new TurnSettings(Duration.ofSeconds(seconds), List.of("s"), URIS))
                .withMessageContaining("vidgate.turn.ttl")
                .withMessageContaining("between 1 minute and 24 hours");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void blankUserIdIsRejected(String userId) {
        assertThatIllegalArgumentException().isThrownBy(() -> issuer("s").issue(userId)).withMessageContaining("blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:admin", ":alice", "alice:"})
    void userIdWithAColonIsRejectedBecauseCoturnSplitsOnIt(String userId) {
        assertThatIllegalArgumentException().isThrownBy(() -> issuer("s").issue(userId)).withMessageContaining("':'");
    }

    @Test
    void iceServersCarryEveryUriAndAFreshCredential() {
        IceServers servers = issuer("vidgate-test-secret").iceServersFor("alice");

        assertThat(servers.servers()).singleElement().satisfies(server -> {
            assertThat(server.urls()).isEqualTo(URIS);
            assertThat(server.username()).isEqualTo("1700000600:alice");
            assertThat(server.credential()).isEqualTo("aZvvOQUKJf6PefS0ZAvLXcbWxaA=");
        });
        assertThat(servers.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_600L));
    }

    @Test
    void restApiResponseHasTheDraftShape() {
        TurnRestApiResponse response = issuer("vidgate-test-secret").restApiResponse("alice");

        assertThat(response).isEqualTo(
                new TurnRestApiResponse("1700000600:alice", "aZvvOQUKJf6PefS0ZAvLXcbWxaA=", 600, URIS));
    }

    @Test
    void noSecretOrPasswordAppearsInToString() {
        TurnCredentialIssuer issuer = issuer("top-secret-1", "top-secret-2");
        TurnCredential credential = issuer.issue("alice");

        assertThat(List.of(issuer.settings().toString(), credential.toString(),
                issuer.iceServersFor("alice").toString(), issuer.restApiResponse("alice").toString()))
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain("top-secret")
                        .doesNotContain(credential.password()))
                .anySatisfy(text -> assertThat(text).contains("<2 hidden>"));
    }
}
