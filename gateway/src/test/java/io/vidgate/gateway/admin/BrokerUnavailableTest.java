package io.vidgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the broker down, the REST API answers 503 with OpenVidu's error body, never a 500. */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=broker-down-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class BrokerUnavailableTest {

    /** A port that was free a moment ago: nothing listens there, so the connection is refused at once. */
    @DynamicPropertySource
    static void closedBroker(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            int closed = socket.getLocalPort();
            registry.add("vidgate.broker.url", () -> "http://127.0.0.1:" + closed);
        }
    }

    @Autowired
    InternalListenerServer internalListener;

    @Test
    void everyForwardedCallAnswers503WhenTheBrokerIsDown() {
        String auth = RealHttp.basic("OPENVIDUAPP", "broker-down-secret");
        for (String[] call : new String[][] {{"GET", "/openvidu/api/sessions"}, {"POST", "/openvidu/api/sessions"},
                {"POST", "/openvidu/api/sessions/ses_Abcdefghij/connection"},
                {"DELETE", "/openvidu/api/sessions/ses_Abcdefghij"}}) {
            HttpResponse<String> response = RealHttp.send(call[0], internalListener.port(), call[1], auth);
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(503);
            assertThat(response.body()).contains("\"status\":503").contains("media broker is unavailable")
                    .contains("\"path\":\"" + call[1] + "\"");
        }
        // A token request that names no session is refused before anything is minted or forwarded.
        HttpResponse<String> noSession = RealHttp.send("POST", internalListener.port(), "/openvidu/api/tokens", auth);
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertThat(noSession.body()).contains("must name the session");
    }
}
