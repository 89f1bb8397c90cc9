package io.vidgate.gateway.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Browsers on the allowed origins may call the public endpoints cross-origin; other origins may not. */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=cors-test-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE,
                "vidgate.public.allowed-origins=https://app.example.com,http://localhost:[*]"})
class PublicCorsTest {

    @LocalServerPort
    int publicPort;

    @Test
    void anAllowedOriginMayFetchIceServersWithABearerToken() throws Exception {
        for (String origin : new String[] {"https://app.example.com", "http://localhost:3000"}) {
            HttpResponse<String> preflight = preflight(origin);
            assertThat(preflight.statusCode()).as(origin).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                    .contains("authorization");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        }
        HttpResponse<String> get = send(HttpRequest.newBuilder(url("/v1/ice-servers"))
                .header("Origin", "https://app.example.com").header("Authorization", "Bearer nonsense").GET());
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    }

    @Test
    void anotherOriginIsRefused() throws Exception {
        HttpResponse<String> preflight = preflight("https://evil.example");
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> get = send(HttpRequest.newBuilder(url("/.well-known/jwks.json"))
                .header("Origin", "https://evil.example").GET());
        assertThat(get.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return send(HttpRequest.newBuilder(url("/v1/ice-servers"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + publicPort + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
