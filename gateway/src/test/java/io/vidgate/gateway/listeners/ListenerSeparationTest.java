package io.vidgate.gateway.listeners;

import static io.vidgate.gateway.RealHttp.basic;
import static io.vidgate.gateway.RealHttp.get;
import static io.vidgate.gateway.RealHttp.rawStatusLine;
import static io.vidgate.gateway.RealHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.vidgate.gateway.VidgateGatewayApplication;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin surface exists only on the internal listener. Every request here is a real HTTP request to one of the
 * two ports the running gateway bound.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=" + ListenerSeparationTest.SECRET,
                "vidgate.tokens.jwks-file=" + io.vidgate.gateway.TestKeys.JWKS_FILE})
class ListenerSeparationTest {

    static final String SECRET = "separation-test-secret";
    static final String GOOD = basic("OPENVIDUAPP", SECRET);
    static final List<String> ADMIN_PATHS = List.of("/openvidu/api", "/openvidu/api/config",
            "/openvidu/api/config/openvidu-publicurl", "/openvidu/api/sessions", "/openvidu/api/sessions/ses_a/connection",
            "/openvidu/api/signal", "/openvidu/recordings/ses_a~1/ses_a~1.webm", "/actuator", "/actuator/health", "/actuator/health/liveness", "/actuator/info",
            "/actuator/prometheus", "/actuator/env", "/actuator/gateway/routes");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final List<String> CREDENTIALS = new ArrayList<>(List.of("none", GOOD, basic("OPENVIDUAPP", "wrong")));

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    private final JsonMapper json = JsonMapper.builder().build();

    @TestFactory
    Stream<DynamicTest> everyAdminPathAnswers404OnThePublicListenerWhateverTheMethodAndCredentials() {
        return ADMIN_PATHS.stream().flatMap(path -> METHODS.stream().flatMap(method -> CREDENTIALS.stream().map(auth ->
                DynamicTest.dynamicTest(method + " " + path + " (" + (auth.equals("none") ? "no credentials"
                        : auth.equals(GOOD) ? "good credentials" : "wrong credentials") + ")", () -> {
                    HttpResponse<String> response = send(method, publicPort, path, auth.equals("none") ? null : auth);
                    assertThat(response.statusCode()).isEqualTo(404);
                    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
                }))));
    }

    @TestFactory
    Stream<DynamicTest> theInternalListenerRequiresTheSecretOnEveryAdminPathButHealth() {
        return ADMIN_PATHS.stream().filter(path -> !path.startsWith("/actuator/health"))
                .flatMap(path -> METHODS.stream().filter(method -> !readsThePublicUrl(method, path))
                        .map(method -> DynamicTest.dynamicTest(method + " " + path, () -> {
                    HttpResponse<String> anonymous = send(method, internalListener.port(), path, null);
                    HttpResponse<String> wrong = send(method, internalListener.port(), path, basic("OPENVIDUAPP", "nope"));
                    HttpResponse<String> wrongUser = send(method, internalListener.port(), path, basic("admin", SECRET));
                    assertThat(List.of(anonymous.statusCode(), wrong.statusCode(), wrongUser.statusCode()))
                            .containsOnly(401);
                    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"vidgate\"");
                    if (!method.equals("HEAD")) {
                        JsonNode body = json.readTree(anonymous.body());
                        assertThat(body.get("status").asInt()).isEqualTo(401);
                        assertThat(body.get("error").asString()).isEqualTo("Unauthorized");
                        assertThat(body.get("path").asString()).isEqualTo(path);
                        assertThat(body.get("message").asString()).contains("OPENVIDUAPP");
                        assertThat(body.has("timestamp")).isTrue();
                    }
                    HttpResponse<String> authenticated = send(method, internalListener.port(), path, GOOD);
                    assertThat(authenticated.statusCode()).isNotEqualTo(401);
                })));
    }

    /**
     * Refused requests must not leave a keep-alive connection that hangs the next one: every request here goes through
     * one pooled client, mixing methods and credentials as a misconfigured backend would (a hang was seen after failed
     * Basic authentication of HEAD and POST requests).
     */
    @Test
    void everyAdminRequestGetsAnAnswerOnAReusedConnection() {
        for (int round = 0; round < 15; round++) {
            for (String path : List.of("/actuator/info", "/actuator/prometheus",
                    "/openvidu/api/config/openvidu-publicurl")) {
                for (String method : METHODS) {
                    for (String auth : CREDENTIALS) {
                        int status = send(method, internalListener.port(), path, auth.equals("none") ? null : auth)
                                .statusCode();
                        assertThat(status).as(method + " " + path).isBetween(200, 499);
                    }
                }
            }
        }
    }

    @Test
    void theInternalListenerServesTheAdminSurface() throws Exception {
        // As in openvidu-server, the public URL needs no credentials (and ends with a slash there).
        HttpResponse<String> publicUrl = get(internalListener.port(), "/openvidu/api/config/openvidu-publicurl", null);
        assertThat(publicUrl.statusCode()).isEqualTo(200);
        assertThat(publicUrl.body()).isEqualTo("http://localhost:" + publicPort + "/");
        assertThat(get(internalListener.port(), "/openvidu/api/config/openvidu-publicurl",
                basic("OPENVIDUAPP", "wrong")).statusCode())
                .isEqualTo(401);

        HttpResponse<String> health = get(internalListener.port(), "/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");

        assertThat(get(internalListener.port(), "/actuator/info", GOOD).statusCode()).isEqualTo(200);
        HttpResponse<String> prometheus = get(internalListener.port(), "/actuator/prometheus", GOOD);
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    /** openvidu-server lets anyone read its public URL (GET, HEAD); other methods need the secret there too. */
    private static boolean readsThePublicUrl(String method, String path) {
        return path.equals("/openvidu/api/config/openvidu-publicurl") && (method.equals("GET") || method.equals("HEAD"));
    }

    @Test
    void actuatorEndpointsThatAreNotExposedStayHiddenOnTheInternalListenerToo() {
        assertThat(get(internalListener.port(), "/actuator/env", GOOD).statusCode()).isEqualTo(404);
        assertThat(get(internalListener.port(), "/actuator/gateway/routes", GOOD).statusCode()).isEqualTo(404);
    }

    @Test
    void theInternalListenerServesNothingButTheAdminSurface() {
        for (String path : List.of("/", "/openvidu", "/.well-known/jwks.json", "/v1/ice-servers", "/anything")) {
            assertThat(get(internalListener.port(), path, GOOD).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aHostHeaderNamingTheInternalPortDoesNotOpenTheAdminApiOnThePublicListener() throws Exception {
        String status = rawStatusLine(publicPort, "GET /openvidu/api/config HTTP/1.1",
                "Host: 127.0.0.1:" + internalListener.port(), "Authorization: " + GOOD);
        assertThat(status).startsWith("HTTP/1.1 404");
        String forwarded = rawStatusLine(publicPort, "GET /actuator/prometheus HTTP/1.1",
                "Host: localhost:" + internalListener.port(), "X-Forwarded-Port: " + internalListener.port(),
                "Forwarded: host=127.0.0.1:" + internalListener.port(), "Authorization: " + GOOD);
        assertThat(forwarded).startsWith("HTTP/1.1 404");
    }

    @Test
    void disguisedAdminPathsDoNotReachTheAdminApiOnThePublicListener() throws Exception {
        for (String path : List.of("/OPENVIDU/API/config", "/openvidu//api/config", "/openvidu/./api/config",
                "/x/../openvidu/api/config", "/%6Fpenvidu/api/config", "/openvidu%2Fapi/config",
                "/openvidu;a=b/api/config", "/openvidu/api;x/config", "/%2561ctuator/prometheus", "//actuator/info")) {
            String status = rawStatusLine(publicPort, "GET " + path + " HTTP/1.1", "Host: localhost",
                    "Authorization: " + GOOD);
            assertThat(status).as(path).matches("HTTP/1.1 (400|404).*");
        }
    }

    @Test
    void anAdminPathOnThePublicListenerLooksExactlyLikeAPathThatDoesNotExist() throws Exception {
        HttpResponse<String> admin = get(publicPort, "/openvidu/api/sessions", null);
        HttpResponse<String> unknown = get(publicPort, "/no/such/thing", null);
        assertThat(admin.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(404);
        assertThat(headerNames(admin)).isEqualTo(headerNames(unknown));
        assertThat(fieldNames(json.readTree(admin.body()))).isEqualTo(fieldNames(json.readTree(unknown.body())));
    }

    private static Set<String> headerNames(HttpResponse<String> response) {
        return new TreeSet<>(response.headers().map().keySet());
    }

    private static Set<String> fieldNames(JsonNode node) {
        return new TreeSet<>(node.propertyNames());
    }
}
