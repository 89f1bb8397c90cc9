package io.vidgate.gateway.turn;

import static io.vidgate.gateway.RealHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import io.vidgate.turn.testing.LoopbackCoturn;
import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's two TURN endpoints hand out credentials that a real coturn (Debian's turnserver on loopback, with
 * {@code use-auth-secret}) accepts, and refuse callers that are not entitled to them.
 */
@RequiresCoturn
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=turn-endpoints-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.turn.rest-api.keys=janus-key-1,janus-key-2"})
class TurnEndpointsTest {

    private static final String COTURN_SECRET = "coturn-shared-secret-for-tests";
    private static LoopbackCoturn coturn;
    /** /v1/ice-servers asks the broker whether the token's connection is still in its session. */
    private static BrokerConnectionsStandIn broker;

    @DynamicPropertySource
    static void coturn(DynamicPropertyRegistry registry) throws java.io.IOException {
        coturn = LoopbackCoturn.start(COTURN_SECRET);
        registry.add("vidgate.turn.secrets", () -> COTURN_SECRET);
        registry.add("vidgate.turn.uris", () -> String.join(",", coturn.turnUris()));
        broker = new BrokerConnectionsStandIn(io.vidgate.gateway.RealHttp.basic("OPENVIDUAPP", "turn-endpoints-secret"));
        registry.add("vidgate.broker.url", broker::url);
    }

    @AfterAll
    static void stopCoturn() {
        if (coturn != null) {
            coturn.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    @Autowired
    ConnectionTokenIssuer issuer;

    @Autowired
    SigningKeys keys;

    @Autowired
    TokenSettings tokenSettings;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void iceServersWithAConnectionTokenAllocateARelayOnCoturn() throws Exception {
        String sessionId = SessionIds.generate();
        String connectionId = ConnectionIds.generate();
        String jwt = issuer.issue(ConnectionGrant.of(sessionId, connectionId, Role.PUBLISHER)).jwt();
        broker.add(sessionId, connectionId);

        HttpResponse<String> response = iceServers("Bearer " + jwt);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode server = json.readTree(response.body()).get(0);
        assertThat(server.get("urls").isArray()).isTrue();
        assertThat(server.get("urls").get(0).asString()).startsWith("turn:127.0.0.1:");
        String username = server.get("username").asString();
        assertThat(username).endsWith(":" + connectionId);
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(590L, 600L);
        assertThat(coturn.tryAllocate(username, server.get("credential").asString()).allocated())
                .as("coturn allocates with the credentials from /v1/ice-servers").isTrue();
    }

    @Test
    void iceServersAcceptTheOpenViduTokenUrlForm() throws Exception {
        String sessionId = SessionIds.generate();
        String connectionId = ConnectionIds.generate();
        broker.add(sessionId, connectionId);
        String jwt = issuer.issue(ConnectionGrant.of(sessionId, connectionId, Role.SUBSCRIBER)).jwt();
        String tokenUrl = OpenViduTokenUrl.build(URI.create("https://edge.example"), sessionId, jwt);
        assertThat(iceServers("Bearer " + tokenUrl).statusCode()).isEqualTo(200);
    }

    @Test
    void iceServersRefuseCallersWithoutAValidToken() throws Exception {
        ConnectionTokenIssuer pastIssuer = new ConnectionTokenIssuer(keys, tokenSettings,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        ConnectionTokenIssuer strangerIssuer = new ConnectionTokenIssuer(SigningKeys.generate(), tokenSettings,
                Clock.systemUTC());
        String session = SessionIds.generate();
        String expired = pastIssuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)).jwt();
        String stranger = strangerIssuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), Role.PUBLISHER)).jwt();

        for (String authorization : List.of("", "Basic T1BFTlZJRFVBUFA6eA==", "Bearer ", "Bearer garbage",
                "Bearer " + expired, "Bearer " + stranger)) {
            HttpResponse<String> response = iceServers(authorization);
            assertThat(response.statusCode()).as(authorization.length() > 40 ? authorization.substring(0, 40) : authorization)
                    .isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
            assertThat(response.body()).doesNotContain("credential");
        }
        // Over the token size limit: refused before parsing, or by Netty's 8 KiB header limit (431) before the app.
        assertThat(iceServers("Bearer " + "a".repeat(20_000)).statusCode()).isIn(401, 431);
        assertThat(json.readTree(iceServers("Bearer " + expired).body()).get("message").asString()).contains("EXPIRED");
        assertThat(json.readTree(iceServers("Bearer " + stranger).body()).get("message").asString()).contains("UNKNOWN_KEY");
    }

    @Test
    void theTurnRestApiAnswersTheDraftFormatAndCoturnAcceptsIt() throws Exception {
        HttpResponse<String> response = get(internalListener.port(),
                "/turn-rest-api?service=turn&username=janus-gw-1&key=janus-key-2", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("username").asString()).endsWith(":janus-gw-1");
        assertThat(body.get("ttl").asLong()).isEqualTo(600);
        assertThat(body.get("uris").size()).isGreaterThan(0);
        assertThat(coturn.tryAllocate(body.get("username").asString(), body.get("password").asString()).allocated()).isTrue();
    }

    @Test
    void theTurnRestApiTakesJanusSpellingsApiKeyAndPostBody() throws Exception {
        assertThat(get(internalListener.port(), "/turn-rest-api?service=turn&username=u1&api=janus-key-1", null)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + internalListener.port() + "/turn-rest-api"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("service=turn&username=u2&api=janus-key-1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(posted.body()).get("username").asString()).endsWith(":u2");
    }

    @Test
    void theTurnRestApiRefusesWrongKeysAndWrongServices() {
        int port = internalListener.port();
        assertThat(get(port, "/turn-rest-api?service=turn&username=u", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/turn-rest-api?service=turn&username=u&key=janus-key-3", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/turn-rest-api?service=turn&username=u&key=", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/turn-rest-api?service=stun&username=u&key=janus-key-1", null).statusCode()).isEqualTo(400);
        assertThat(get(port, "/turn-rest-api?username=u&key=janus-key-1", null).statusCode()).isEqualTo(400);
        assertThat(get(port, "/turn-rest-api?service=turn&key=janus-key-1", null).statusCode()).isEqualTo(400);
        assertThat(get(port, "/turn-rest-api?service=turn&username=a:b&key=janus-key-1", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theTurnRestApiIsNotOnThePublicListener() {
        assertThat(get(publicPort, "/turn-rest-api?service=turn&username=u&key=janus-key-1", null).statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> iceServers(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicPort + "/v1/ice-servers"));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
