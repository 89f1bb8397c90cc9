package io.vidgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 15: a connection or token request whose {@code role}, {@code data} or {@code session} is not a string is the
 * client's mistake: 400 with OpenVidu's error body, before anything is minted or forwarded (the broker is down here,
 * so a forwarded request would answer 503). It was a 500: Jackson 3's {@code asString()} refuses objects and arrays.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=mint-body-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class MintConnectionTokenBodyTest {

    @DynamicPropertySource
    static void closedBroker(DynamicPropertyRegistry registry) throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            int closed = socket.getLocalPort();
            registry.add("vidgate.broker.url", () -> "http://127.0.0.1:" + closed);
        }
    }

    @Autowired
    InternalListenerServer internalListener;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalListener.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", RealHttp.basic("OPENVIDUAPP", "mint-body-secret"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void fieldsOfTheWrongTypeAreAClientErrorNotAServerError() throws IOException, InterruptedException {
        String connection = "/openvidu/api/sessions/ses_Abcdefghij/connection";
        for (String[] call : new String[][] {{connection, "{\"role\":{}}", "role"}, {connection, "{\"role\":[\"MODERATOR\"]}", "role"},
                {connection, "{\"data\":{\"name\":\"alice\"}}", "data"}, {connection, "{\"data\":[1]}", "data"},
                {"/openvidu/api/tokens", "{\"session\":{\"id\":\"ses_Abcdefghij\"}}", "session"},
                {"/openvidu/api/tokens", "{\"session\":\"ses_Abcdefghij\",\"role\":{}}", "role"}}) {
            HttpResponse<String> response = post(call[0], call[1]);
            assertThat(response.statusCode()).as(call[0] + " " + call[1] + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains("\"status\":400").contains("'" + call[2] + "'")
                    .contains("\"path\":\"" + call[0] + "\"");
        }
    }
}
