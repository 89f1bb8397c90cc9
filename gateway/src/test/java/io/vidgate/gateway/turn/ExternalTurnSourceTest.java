package io.vidgate.gateway.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnRestApiResponse;
import io.vidgate.turn.TurnSettings;
import io.vidgate.turn.testing.LoopbackCoturn;
import io.vidgate.turn.testing.RequiresCoturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code vidgate.turn.source=rest-api-service}: the gateway takes its TURN credentials from an external TURN REST API
 * service (here a real local HTTP server that mints them for a real loopback coturn) instead of signing them.
 */
@RequiresCoturn
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=external-turn-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.turn.source=rest-api-service",
                "vidgate.turn.external.key=service-key", "vidgate.turn.rest-api.keys=janus-key"})
class ExternalTurnSourceTest {

    private static final String COTURN_SECRET = "secret-only-the-service-knows";
    private static final AtomicInteger serviceCalls = new AtomicInteger();
    private static LoopbackCoturn coturn;
    private static HttpServer service;
    /** /v1/ice-servers asks the broker whether the token's connection is still in its session. */
    private static BrokerConnectionsStandIn broker;

    @DynamicPropertySource
    static void externalService(DynamicPropertyRegistry registry) throws IOException {
        broker = new BrokerConnectionsStandIn(RealHttp.basic("OPENVIDUAPP", "external-turn-secret"));
        registry.add("vidgate.broker.url", broker::url);
        coturn = LoopbackCoturn.start(COTURN_SECRET);
        TurnCredentialIssuer issuer = new TurnCredentialIssuer(
                new TurnSettings(Duration.ofMinutes(10), List.of(COTURN_SECRET), coturn.turnUris()));
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/turn", exchange -> {
            serviceCalls.incrementAndGet();
            String query = exchange.getRequestURI().getQuery();
            String user = query.replaceAll(".*username=([^&]*).*", "$1");
            boolean keyed = query.contains("key=service-key") && query.contains("service=turn");
            TurnRestApiResponse answer = issuer.restApiResponse(user);
            byte[] body = (keyed ? JsonMapper.builder().build().writeValueAsString(answer) : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(keyed ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.start();
        registry.add("vidgate.turn.external.url",
                () -> "http://127.0.0.1:" + service.getAddress().getPort() + "/turn");
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(0);
        }
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
    ConnectionTokenIssuer tokens;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @Order(1)
    void credentialsFromTheServiceReachClientsAndThirdPartiesAndCoturnAcceptsThem() throws Exception {
        String connectionId = ConnectionIds.generate();
        HttpResponse<String> iceServers = iceServers(connectionId);
        assertThat(iceServers.statusCode()).isEqualTo(200);
        JsonNode server = json.readTree(iceServers.body()).get(0);
        assertThat(server.get("username").asString()).endsWith(":" + connectionId);
        assertThat(coturn.tryAllocate(server.get("username").asString(), server.get("credential").asString())
                .allocated()).isTrue();

        int callsBefore = serviceCalls.get();
        assertThat(iceServers(connectionId).statusCode()).isEqualTo(200);
        assertThat(serviceCalls.get()).as("a fresh credential is served from the cache").isEqualTo(callsBefore);

        HttpResponse<String> restApi = RealHttp.get(internalListener.port(),
                "/turn-rest-api?service=turn&username=janus-1&key=janus-key", null);
        assertThat(restApi.statusCode()).isEqualTo(200);
        JsonNode draft = json.readTree(restApi.body());
        assertThat(draft.get("username").asString()).endsWith(":janus-1");
        assertThat(draft.get("ttl").asLong()).isBetween(590L, 600L);
        assertThat(draft.get("uris").size()).isEqualTo(coturn.turnUris().size());
        assertThat(coturn.tryAllocate(draft.get("username").asString(), draft.get("password").asString())
                .allocated()).isTrue();
    }

    /** Runs last: it stops the service. */
    @Test
    @Order(2)
    void aServiceThatIsDownIsA503ThatDoesNotNameTheService() throws Exception {
        HttpServer stopped = service;
        String serviceUrl = "127.0.0.1:" + stopped.getAddress().getPort();
        stopped.stop(0);
        try {
            HttpResponse<String> response = iceServers(ConnectionIds.generate());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(response.body()).contains("TURN credentials are unavailable").doesNotContain(serviceUrl);
            assertThat(RealHttp.get(internalListener.port(),
                    "/turn-rest-api?service=turn&username=janus-2&key=janus-key", null).statusCode()).isEqualTo(503);
        } finally {
            service = null;
        }
    }

    private HttpResponse<String> iceServers(String connectionId) throws Exception {
        String session = SessionIds.generate();
        broker.add(session, connectionId);
        String jwt = tokens.issue(ConnectionGrant.of(session, connectionId, Role.PUBLISHER)).jwt();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + publicPort + "/v1/ice-servers"))
                .header("Authorization", "Bearer " + jwt).build(), HttpResponse.BodyHandlers.ofString());
    }
}
