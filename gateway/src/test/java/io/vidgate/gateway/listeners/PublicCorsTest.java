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

    /**
     * A preflight cannot tell the admin surface apart from paths that do not exist: same status, same headers, same
     * body, for any origin — as any other request to those paths on the public listener.
     */
    @Test
    void aPreflightOfAnAdminPathLooksExactlyLikeOneOfAPathThatDoesNotExist() throws Exception {
        for (String origin : new String[] {"https://app.example.com", "https://evil.example"}) {
            for (String method : new String[] {"GET", "POST", "DELETE"}) {
                HttpResponse<String> unknown = preflight(origin, "/no/such/thing", method);
                for (String admin : new String[] {"/openvidu/api/sessions", "/openvidu/api/sessions/ses_a/connection",
                        "/actuator/health", "/actuator/prometheus", "/turn-rest-api"}) {
                    HttpResponse<String> response = preflight(origin, admin, method);
                    String what = method + " " + admin + " from " + origin;
                    assertThat(response.statusCode()).as(what).isEqualTo(unknown.statusCode());
                    assertThat(response.headers().map().keySet()).as(what)
                            .isEqualTo(unknown.headers().map().keySet());
                    assertThat(response.body().replace(admin, "")).as(what)
                            .isEqualTo(unknown.body().replace("/no/such/thing", ""));
                }
            }
        }
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return preflight(origin, "/v1/ice-servers", "GET");
    }

    private HttpResponse<String> preflight(String origin, String path, String method) throws Exception {
        return send(HttpRequest.newBuilder(url(path))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", method)
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
