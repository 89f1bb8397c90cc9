package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The broker checks the admin credentials again, whatever the gateway did. */
class AuthenticationTest extends ApiTestSupport {

    private static final String[][] CALLS = {
            {"GET", "/openvidu/api/sessions"},
            {"POST", "/openvidu/api/sessions"},
            {"GET", "/openvidu/api/sessions/ses_Abcdefghij"},
            {"DELETE", "/openvidu/api/sessions/ses_Abcdefghij"},
            {"POST", "/openvidu/api/sessions/ses_Abcdefghij/connection"},
            {"DELETE", "/openvidu/api/sessions/ses_Abcdefghij/stream/str_CAM_Abcd_con_Abcdefghij"},
            {"POST", "/openvidu/api/signal"},
            {"POST", "/openvidu/api/tokens"},
            {"GET", "/openvidu/api/recordings"},
            {"GET", "/openvidu/recordings/ses_Abcdefghij/ses_Abcdefghij.webm"},
            {"GET", "/openvidu/api/unknown"},
            {"GET", "/actuator/info"},
            {"GET", "/anything/else"}};

    @Test
    void withoutTheRightCredentialsEveryCallIsA401() {
        String[] wrongCredentials = {null, BrokerApi.basic("OPENVIDUAPP", "wrong"), BrokerApi.basic("admin", SECRET),
                BrokerApi.basic("OPENVIDUAPP", SECRET + " "), BrokerApi.basic("OPENVIDUAPP", ""), "Basic !!!notbase64",
                "Bearer " + SECRET, "Basic " + java.util.Base64.getEncoder().encodeToString(SECRET.getBytes())};
        for (String authorization : wrongCredentials) {
            for (String[] call : CALLS) {
                BrokerApi.Response refused = api.sendAs(authorization, call[0], call[1],
                        call[0].equals("POST") ? "{}" : null, BrokerApi.mintedHeaders("ses_Abcdefghij"));
                assertErrorBody(refused, 401, call[1]);
                assertThat(refused.header("WWW-Authenticate")).as("the java client's HTTP client waits for it")
                        .startsWith("Basic realm=");
            }
        }
        assertThat(rooms.session("ses_Abcdefghij")).isEmpty();
    }

    @Test
    void theRightSecretOpensTheApi() {
        assertThat(api.get("/openvidu/api/sessions").status()).isEqualTo(200);
        assertThat(api.sendAs(BrokerApi.basic("OPENVIDUAPP", SECRET).replace("Basic", "basic"), "GET",
                "/openvidu/api/sessions", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void healthNeedsNoCredentials() {
        assertThat(api.sendAs(null, "GET", "/actuator/health", null, Map.of()).status()).isEqualTo(200);
        assertThat(api.sendAs(null, "GET", "/actuator/health/../info", null, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void theSecretIsNeverInTheAnswers() {
        BrokerApi.Response refused = api.sendAs(BrokerApi.basic("OPENVIDUAPP", "wrong-guess"), "GET", "/openvidu/api/sessions", null, Map.of());
        assertThat(refused.body()).doesNotContain(SECRET).doesNotContain("wrong-guess");
    }
}
