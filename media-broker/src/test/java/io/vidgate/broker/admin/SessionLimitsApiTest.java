package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"vidgate.broker.port=0",
        "vidgate.secret=limits-test-secret", "vidgate.sessions.max-sessions=2",
        "vidgate.sessions.max-connections-per-session=2"})
class SessionLimitsApiTest {

    @LocalServerPort
    int port;

    @Test
    void theCapsAnswer429WithTheirPropertyName() {
        BrokerApi api = new BrokerApi(port, "limits-test-secret");
        String first = api.post("/openvidu/api/sessions", "{}").json().get("id").stringValue();
        assertThat(api.post("/openvidu/api/sessions", "{}").status()).isEqualTo(200);

        BrokerApi.Response third = api.post("/openvidu/api/sessions", "{}");
        ApiTestSupport.assertErrorBody(third, 429, "/openvidu/api/sessions");
        assertThat(third.json().get("message").stringValue()).contains("vidgate.sessions.max-sessions");

        assertThat(api.createConnection(first, "{}").status()).isEqualTo(200);
        assertThat(api.createConnection(first, "{}").status()).isEqualTo(200);
        BrokerApi.Response tooMany = api.createConnection(first, "{}");
        ApiTestSupport.assertErrorBody(tooMany, 429, "/openvidu/api/sessions/" + first + "/connection");
        assertThat(tooMany.json().get("message").stringValue()).contains("vidgate.sessions.max-connections-per-session");

        // Closing a session makes room again.
        assertThat(api.delete("/openvidu/api/sessions/" + first).status()).isEqualTo(204);
        assertThat(api.post("/openvidu/api/sessions", "{}").status()).isEqualTo(200);
    }
}
