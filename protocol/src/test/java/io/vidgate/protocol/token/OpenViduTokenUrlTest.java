package io.vidgate.protocol.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static io.vidgate.protocol.token.TokenFixtures.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenViduTokenUrlTest {
    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzaWQiOiJzIn0.c2lnbmF0dXJl";

    @Test
    void buildsWssFromHttpsAndWsFromHttpKeepingThePortAndDroppingThePath() {
        assertThat(OpenViduTokenUrl.build(URI.create("https://edge.example"), SESSION, JWT))
                .isEqualTo("wss://edge.example?sessionId=" + SESSION + "&token=" + JWT);
        assertThat(OpenViduTokenUrl.build(URI.create("http://localhost:4443"), SESSION, JWT))
                .isEqualTo("ws://localhost:4443?sessionId=" + SESSION + "&token=" + JWT);
        assertThat(OpenViduTokenUrl.build(URI.create("https://edge.example:8443/some/path/?q=1#frag"), SESSION, JWT))
                .isEqualTo("wss://edge.example:8443?sessionId=" + SESSION + "&token=" + JWT);
        assertThat(OpenViduTokenUrl.build(URI.create("HTTPS://edge.example:443/"), SESSION, JWT))
                .startsWith("wss://edge.example:443?");
        assertThat(OpenViduTokenUrl.webSocketBase(URI.create("wss://edge.example"))).isEqualTo("wss://edge.example");
    }

    @Test
    void buildRefusesWhatOpenViduBrowserCannotUse() {
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("ftp://edge.example"), SESSION, JWT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("https://[::1]:4443"), SESSION, JWT)).hasMessageContaining("IPv6");
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("https://user:pw@edge.example"), SESSION, JWT)).hasMessageContaining("user info");
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("edge.example"), SESSION, JWT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("https://edge.example"), "bad&session", JWT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenViduTokenUrl.build(URI.create("https://edge.example"), SESSION, "a&b=c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenViduTokenUrl.build(null, SESSION, JWT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesBackWhatItBuilds() throws Exception {
        String url = OpenViduTokenUrl.build(URI.create("https://edge.example:4443"), SESSION, JWT);
        OpenViduTokenUrl parsed = OpenViduTokenUrl.parse(url);
        assertThat(parsed.jwt()).isEqualTo(JWT);
        assertThat(parsed.sessionId()).contains(SESSION);
        assertThat(parsed.hasSecret()).isFalse();
        assertThat(parsed.isBareJwt()).isFalse();
        assertThat(parsed.parameterNames()).containsExactly("sessionId", "token");
        assertThat(parsed.toString()).doesNotContain(JWT).contains(SESSION);
    }

    @Test
    void acceptsABareJwt() throws Exception {
        OpenViduTokenUrl parsed = OpenViduTokenUrl.parse(JWT);
        assertThat(parsed.jwt()).isEqualTo(JWT);
        assertThat(parsed.sessionId()).isEmpty();
        assertThat(parsed.isBareJwt()).isTrue();
    }

    @Test
    void toleratesTheOptionalParametersOpenViduBrowserReads() throws Exception {
        String url = "wss://edge.example?sessionId=" + SESSION + "&token=" + JWT
                + "&recorder=true&webrtcStatsInterval=30&sendBrowserLogs=debug_app&edition=ce";
        OpenViduTokenUrl parsed = OpenViduTokenUrl.parse(url);
        assertThat(parsed.jwt()).isEqualTo(JWT);
        assertThat(parsed.hasSecret()).isFalse();
        assertThat(parsed.parameterNames()).contains("recorder", "webrtcStatsInterval", "sendBrowserLogs", "edition");

        // Order does not matter; a path and a fragment are tolerated as openvidu-browser's regex does.
        OpenViduTokenUrl reordered = OpenViduTokenUrl.parse("ws://localhost:4443/?token=" + JWT + "&sessionId=" + SESSION + "#x");
        assertThat(reordered.jwt()).isEqualTo(JWT);
        assertThat(reordered.sessionId()).contains(SESSION);
    }

    @Test
    void exposesTheSecretBackdoorParameterInAnyDisguise() throws Exception {
        String base = "wss://edge.example?sessionId=" + SESSION + "&token=" + JWT;
        assertThat(OpenViduTokenUrl.parse(base + "&secret=MY_SECRET").hasSecret()).isTrue();
        assertThat(OpenViduTokenUrl.parse(base + "&secret=").hasSecret()).isTrue();
        assertThat(OpenViduTokenUrl.parse(base + "&secret").hasSecret()).isTrue();
        assertThat(OpenViduTokenUrl.parse(base + "&%73ecret=MY_SECRET").hasSecret()).isTrue();
        assertThat(OpenViduTokenUrl.parse("wss://edge.example?secret=X&sessionId=" + SESSION + "&token=" + JWT).hasSecret()).isTrue();
        assertThat(OpenViduTokenUrl.parse(base + "&secretive=1").hasSecret()).isFalse();
        assertThat(OpenViduTokenUrl.parse(base + "&Secret=1").hasSecret()).isFalse(); // the browser reads 'secret' only
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "garbage", "tok_ABCDEFGHIJKLMNOP", "https://edge.example?sessionId=ses_A&token=" + JWT,
            "wss://", "wss://?sessionId=ses_A&token=" + JWT, "wss://edge.example", "wss://edge.example?",
            "wss://edge.example?sessionId=ses_A", "wss://edge.example?token=" + JWT,
            "wss://edge.example?sessionId=ses_A&token=tok_ABCDEFGHIJKLMNOP",
            "wss://edge.example?sessionId=ses_A&token=" + JWT + "&token=" + JWT,
            "wss://edge.example?sessionId=ses_A&sessionId=ses_B&token=" + JWT,
            "wss://edge.example?sessionId=bad%20session&token=" + JWT,
            "wss://edge.example?sessionId=ses_A&token=" + JWT + "%zz",
            "wss://edge.example?sessionId=ses_A&token=%E2%28%A1",
            "wss://edge.example?sessionId=ses_A&token=a%",
            "wss://user@edge.example?sessionId=ses_A&token=" + JWT,
            "wss://[::1]?sessionId=ses_A&token=" + JWT,
            "wss://edge.example:port?sessionId=ses_A&token=" + JWT,
            "WSS://edge.example?sessionId=ses_A&token=" + JWT,
            "wss://edge.example?sessionId=ses_A&token=a.b",
            "wss://edge.example?sessionId=ses_A&token=a.b.c.d",
            "javascript:alert(1)", "\u0000", "wss://edge.example\n?sessionId=ses_A&token=" + JWT,
            "{\"token\":\"x\"}", "a..b", ".", "&&&", "?sessionId=ses_A&token=a.b.c"})
    void garbageFailsWithTheTypedExceptionOnly(String garbage) {
        assertThatThrownBy(() -> OpenViduTokenUrl.parse(garbage))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TokenRejection.BAD_TOKEN_URL);
                    assertThat(e.getMessage()).doesNotContain(JWT);
                });
    }

    @Test
    void nullFailsWithTheTypedException() {
        assertThatThrownBy(() -> OpenViduTokenUrl.parse(null))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.BAD_TOKEN_URL));
    }

    @Test
    void hugeInputIsTooLargeBeforeAnyMatching() {
        assertThatThrownBy(() -> OpenViduTokenUrl.parse("wss://edge.example?" + "a".repeat(100_000)))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(TokenRejection.TOO_LARGE));
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "wss:/?&=%.#@[]abcXYZ019_- \n\u00e9\ud83d\ude00";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(i % 7 == 0 ? "wss://h?sessionId=s&token=" : "");
            int length = random.nextInt(60);
            for (int j = 0; j < length; j++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                OpenViduTokenUrl.parse(s.toString());
            } catch (TokenRejectedException expected) {
                // fine
            }
        }
    }
}
