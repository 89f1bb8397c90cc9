package io.vidgate.gateway.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.WsClient;
import io.vidgate.gateway.apps.RecordingHttpApp.Received;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Existing apps behind the gateway, routed in configuration as an operator would in YAML: a plain HTTP app (JDK
 * HttpServer) and a WebSocket app (Reactor Netty), protected by {@code VidgateToken}, plus a route without it.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=app-routes-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class VidgateTokenRoutesTest {

    private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";
    private static RecordingHttpApp app;
    private static EchoWebSocketApp wsApp;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) throws IOException {
        app = new RecordingHttpApp();
        wsApp = new EchoWebSocketApp();
        route(registry, 0, "any-token", app.url(), "/app/**");
        registry.add(ROUTES + "[0].filters[0]", () -> "VidgateToken");
        route(registry, 1, "moderators", app.url(), "/moderators/**");
        registry.add(ROUTES + "[1].filters[0]", () -> "VidgateToken=MODERATOR,ses_Team*"); // the shortcut
        route(registry, 2, "team", app.url(), "/team/**");
        registry.add(ROUTES + "[2].filters[0].name", () -> "VidgateToken");
        registry.add(ROUTES + "[2].filters[0].args.roles[0]", () -> "PUBLISHER"); // a YAML list
        registry.add(ROUTES + "[2].filters[0].args.roles[1]", () -> "MODERATOR");
        registry.add(ROUTES + "[2].filters[0].args.session", () -> "ses_Team*");
        route(registry, 3, "unprotected", app.url(), "/open/**");
        route(registry, 4, "websocket-app", wsApp.url(), "/ws/**");
        registry.add(ROUTES + "[4].filters[0]", () -> "VidgateToken");
        route(registry, 5, "editors", app.url(), "/editors/**");
        registry.add(ROUTES + "[5].filters[0].name", () -> "VidgateToken");
        registry.add(ROUTES + "[5].filters[0].args.roles", () -> "PUBLISHER, MODERATOR");
    }

    private static void route(DynamicPropertyRegistry registry, int index, String id, String uri, String path) {
        registry.add(ROUTES + "[" + index + "].id", () -> id);
        registry.add(ROUTES + "[" + index + "].uri", () -> uri);
        registry.add(ROUTES + "[" + index + "].predicates[0]", () -> "Path=" + path);
    }

    @AfterAll
    static void stopApps() {
        app.close();
        wsApp.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ConnectionTokenIssuer issuer;

    @Autowired
    SigningKeys keys;

    @Autowired
    TokenSettings tokenSettings;

    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void forget() {
        app.requests.clear();
        wsApp.handshakes.clear();
    }

    private ConnectionGrant grant(String session, Role role) {
        return ConnectionGrant.of(session, ConnectionIds.generate(), role);
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return WsClient.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET with a fresh token of {@code role} in {@code session}. */
    private HttpResponse<String> getAs(String path, String session, Role role) {
        return get(path, "Authorization", "Bearer " + issuer.issue(grant(session, role)).jwt());
    }

    private Received receivedByTheApp() throws InterruptedException {
        Received received = app.requests.poll(5, TimeUnit.SECONDS);
        assertThat(received).as("the app received the request").isNotNull();
        return received;
    }

    private void assertRefused(HttpResponse<String> response, int status, String bearerError) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge -> {
            assertThat(challenge).startsWith("Bearer realm=\"vidgate\"");
            if (bearerError != null) {
                assertThat(challenge).contains("error=\"" + bearerError + "\"");
            }
        });
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").isString()).isTrue();
        assertThat(body.path("message").asString()).isNotBlank();
        assertThat(body.path("timestamp").isNumber()).isTrue();
        assertThat(body.path("path").asString()).startsWith("/");
        assertThat(response.body()).doesNotContain("eyJ"); // no token echoed
        Thread.sleep(100);
        assertThat(app.requests).as("nothing reaches the app").isEmpty();
    }

    @Test
    void theAppReceivesTheVerifiedIdentityNeverTheTokenNorSpoofedHeaders() throws Exception {
        String session = SessionIds.generate();
        ConnectionGrant grant = grant(session, Role.SUBSCRIBER);
        String jwt = issuer.issue(grant).jwt();
        HttpResponse<String> response = get("/app/profile?x=a%26b", "Authorization", "Bearer " + jwt,
                "X-Vidgate-Role", "MODERATOR", "x-vidgate-connection-id", "con_Forged00001", "X-Vidgate-Extra", "1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"app\":\"ok\"}");

        Received received = receivedByTheApp();
        assertThat(received.uri().getRawPath()).isEqualTo("/app/profile");
        assertThat(received.uri().getRawQuery()).isEqualTo("x=a%26b");
        assertThat(received.headers().get("X-Vidgate-Connection-Id")).containsExactly(grant.connectionId());
        assertThat(received.headers().get("X-Vidgate-Session-Id")).containsExactly(session);
        assertThat(received.headers().get("X-Vidgate-Role")).containsExactly("SUBSCRIBER");
        assertThat(received.headers().containsKey("X-Vidgate-Extra")).isFalse();
        assertThat(received.headers().containsKey("Authorization")).isFalse();
        assertThat(received.headers().values().toString()).doesNotContain(jwt);
    }

    @Test
    void theOpenViduTokenUrlIsAcceptedAsBearerToo() throws Exception {
        String session = SessionIds.generate();
        String tokenUrl = OpenViduTokenUrl.build(URI.create("http://127.0.0.1:" + port), session,
                issuer.issue(grant(session, Role.PUBLISHER)).jwt());
        assertThat(get("/app/x", "Authorization", "Bearer " + tokenUrl).statusCode()).isEqualTo(200);
        assertThat(receivedByTheApp().headers().get("X-Vidgate-Session-Id")).containsExactly(session);
    }

    @Test
    void missingExpiredForeignOrGarbageTokensAreRefusedAndTheAppSeesNothing() throws Exception {
        String session = SessionIds.generate();
        String expired = new ConnectionTokenIssuer(keys, tokenSettings, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)))
                .issue(grant(session, Role.PUBLISHER)).jwt();
        String foreign = new ConnectionTokenIssuer(SigningKeys.generate(), tokenSettings, Clock.systemUTC())
                .issue(grant(session, Role.PUBLISHER)).jwt();

        assertRefused(get("/app/x"), 401, null);
        assertRefused(get("/app/x", "Authorization", "Basic dXNlcjpwYXNz"), 401, null);
        assertRefused(get("/app/x", "Authorization", "Bearer " + expired), 401, "invalid_token");
        assertRefused(get("/app/x", "Authorization", "Bearer " + foreign), 401, "invalid_token");
        assertRefused(get("/app/x", "Authorization", "Bearer garbage"), 401, "invalid_token");
        // a token in the URL of a plain HTTP request would reach the app's logs: refused, not forwarded
        String valid = issuer.issue(grant(session, Role.PUBLISHER)).jwt();
        assertRefused(get("/app/x?access_token=" + valid), 400, "invalid_request");
    }

    @Test
    void rolesAndSessionPatternsNarrowARoute() throws Exception {
        String team = "ses_Team" + SessionIds.generate().substring(4);
        String other = SessionIds.generate();
        assertRefused(getAs("/moderators/x", team, Role.PUBLISHER), 403, "insufficient_scope");
        assertRefused(getAs("/moderators/x", other, Role.MODERATOR), 403, "insufficient_scope");
        assertThat(getAs("/moderators/x", team, Role.MODERATOR).statusCode()).isEqualTo(200);
        receivedByTheApp();

        assertRefused(getAs("/team/x", team, Role.SUBSCRIBER), 403, "insufficient_scope");
        assertRefused(getAs("/team/x", other, Role.PUBLISHER), 403, "insufficient_scope");
        assertThat(getAs("/team/x", team, Role.PUBLISHER).statusCode()).isEqualTo(200);
        assertThat(receivedByTheApp().headers().get("X-Vidgate-Session-Id")).containsExactly(team);

        assertRefused(getAs("/editors/x", other, Role.SUBSCRIBER), 403, "insufficient_scope");
        assertThat(getAs("/editors/x", other, Role.MODERATOR).statusCode()).as("comma-separated roles").isEqualTo(200);
        receivedByTheApp();
    }

    @Test
    void aRouteWithoutTheFilterStillNeverForwardsClientMadeVidgateHeaders() throws Exception {
        HttpResponse<String> response = get("/open/x", "X-Vidgate-Role", "MODERATOR",
                "X-VIDGATE-SESSION-ID", "ses_Forged0001", "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(response.statusCode()).isEqualTo(200);
        Received received = receivedByTheApp();
        assertThat(received.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-vidgate-"));
        assertThat(received.headers().get("Authorization")).as("the app's own credentials pass")
                .containsExactly("Basic dXNlcjpwYXNz");
    }

    @Test
    void aWebSocketAppGetsTheIdentityOnTheHandshakeAndNeverTheToken() throws Exception {
        String session = SessionIds.generate();
        ConnectionGrant grant = grant(session, Role.PUBLISHER);
        String jwt = issuer.issue(grant).jwt();
        WsClient client = WsClient.connect("ws://127.0.0.1:" + port + "/ws/chat?room=1&access_token="
                + URLEncoder.encode(jwt, StandardCharsets.UTF_8), Map.of("X-Vidgate-Role", "MODERATOR"));
        client.send("hello");
        assertThat(client.next()).isEqualTo("echo:hello");

        EchoWebSocketApp.Handshake handshake = wsApp.handshakes.poll(5, TimeUnit.SECONDS);
        assertThat(handshake).isNotNull();
        assertThat(handshake.uri()).isEqualTo("/ws/chat?room=1");
        assertThat(handshake.headers().getAll("X-Vidgate-Connection-Id")).containsExactly(grant.connectionId());
        assertThat(handshake.headers().getAll("X-Vidgate-Session-Id")).containsExactly(session);
        assertThat(handshake.headers().getAll("X-Vidgate-Role")).containsExactly("PUBLISHER");
        assertThat(handshake.headers().contains("Authorization")).isFalse();
        client.socket.sendClose(1000, "").join();
    }

    @Test
    void aWebSocketHandshakeWithoutAValidTokenIsRefusedBeforeTheUpgrade() {
        for (String query : new String[] {"", "?access_token=garbage"}) {
            assertThatThrownBy(() -> WsClient.connect("ws://127.0.0.1:" + port + "/ws/chat" + query, Map.of()))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        }
        assertThat(wsApp.handshakes).isEmpty();
    }
}
