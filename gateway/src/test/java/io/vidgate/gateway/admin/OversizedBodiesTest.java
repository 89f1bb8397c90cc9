package io.vidgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A body over {@code vidgate.internal.max-body-bytes} to a route whose body the gateway reads itself is the client's
 * mistake: 413 with a JSON error, whether its size was announced (Content-Length) or not (chunked) — not a 500.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=" + OversizedBodiesTest.SECRET,
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.internal.max-body-bytes=4096",
                "vidgate.broker.url=http://127.0.0.1:9"})
class OversizedBodiesTest {

    static final String SECRET = "oversized-bodies-secret";
    static final String AUTH = RealHttp.basic("OPENVIDUAPP", SECRET);
    static final byte[] TEN_MB_JSON = ("{\"data\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}").getBytes();
    static final byte[] TEN_MB_FORM = ("service=turn&username=" + "x".repeat(10 * 1024 * 1024)).getBytes();

    @Autowired
    InternalListenerServer internalListener;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theTokenMintingRoutesAnswer413() throws Exception {
        for (String path : List.of("/openvidu/api/sessions/ses_Abcdefghij/connection", "/openvidu/api/tokens")) {
            for (boolean announced : new boolean[] {true, false}) {
                HttpResponse<String> response = post(path, "application/json", TEN_MB_JSON, announced, AUTH);
                assertThat(response.statusCode()).as(path + (announced ? "" : " chunked")).isEqualTo(413);
                JsonNode body = json.readTree(response.body());
                assertThat(body.get("status").asInt()).isEqualTo(413);
                assertThat(body.get("path").asString()).isEqualTo(path);
                assertThat(body.get("message").asString()).contains("4096 bytes").contains("vidgate.internal.max-body-bytes");
            }
        }
    }

    @Test
    void theTurnRestApiAnswers413WithoutAnyCredential() throws Exception {
        for (boolean announced : new boolean[] {true, false}) {
            HttpResponse<String> response = post("/turn-rest-api", "application/x-www-form-urlencoded", TEN_MB_FORM,
                    announced, null);
            assertThat(response.statusCode()).as(announced ? "Content-Length" : "chunked").isEqualTo(413);
            assertThat(json.readTree(response.body()).get("message").asString()).contains("4096 bytes");
        }
    }

    @Test
    void bodiesWithinTheLimitAreReadAsBefore() throws Exception {
        HttpResponse<String> turn = post("/turn-rest-api", "application/x-www-form-urlencoded",
                "service=turn&username=alice&key=nope".getBytes(), false, null);
        assertThat(turn.statusCode()).isEqualTo(401);
        HttpResponse<String> mint = post("/openvidu/api/sessions/ses_Abcdefghij/connection", "application/json",
                "{\"role\":\"PUBLISHER\"}".getBytes(), false, AUTH);
        assertThat(mint.statusCode()).as("read, minted, then the broker (down) is called").isEqualTo(503);
        HttpResponse<String> notJson = post("/openvidu/api/tokens", "application/json", "[".getBytes(), true, AUTH);
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> post(String path, String type, byte[] body, boolean announced, String auth)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalListener.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", type)
                .POST(announced ? HttpRequest.BodyPublishers.ofByteArray(body)
                        : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
