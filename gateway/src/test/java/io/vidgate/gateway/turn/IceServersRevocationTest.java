package io.vidgate.gateway.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /v1/ice-servers} hands out TURN credentials only while the token's connection is still in its session, as
 * the broker says: a token stays valid until it expires, its connection may be deleted or evicted long before.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=" + IceServersRevocationTest.SECRET,
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE, "vidgate.turn.secrets=coturn-secret-for-tests",
                "vidgate.turn.uris=turn:198.51.100.7:3478?transport=udp"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IceServersRevocationTest {

    static final String SECRET = "ice-servers-revocation-secret";
    private static BrokerConnectionsStandIn broker;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws IOException {
        broker = new BrokerConnectionsStandIn(RealHttp.basic("OPENVIDUAPP", SECRET));
        registry.add("vidgate.broker.url", broker::url);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    ConnectionTokenIssuer issuer;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @Order(1)
    void aConnectionDeletedOrEvictedGetsNoMoreCredentialsThoughItsTokenIsStillValid() throws Exception {
        String session = SessionIds.generate();
        String connection = ConnectionIds.generate();
        String jwt = issuer.issue(ConnectionGrant.of(session, connection, Role.PUBLISHER)).jwt();
        broker.add(session, connection);

        HttpResponse<String> live = iceServers("Bearer " + jwt);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(json.readTree(live.body()).get(0).get("username").asString()).endsWith(":" + connection);
        // The gateway asked with the admin credentials, as any OpenVidu REST client would.
        assertThat(broker.authorizations).last().isEqualTo(RealHttp.basic("OPENVIDUAPP", SECRET));

        broker.remove(session, connection); // DELETE …/connection/{id}, an eviction, or the participant left

        HttpResponse<String> gone = iceServers("Bearer " + jwt);
        assertThat(gone.statusCode()).isEqualTo(401);
        assertThat(gone.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(json.readTree(gone.body()).get("message").asString())
                .isEqualTo("The connection is no longer in its session");
        assertThat(gone.body()).doesNotContain("credential");
    }

    @Test
    @Order(1)
    void aConnectionOfAnotherSessionDoesNotCount() throws Exception {
        String connection = ConnectionIds.generate();
        broker.add(SessionIds.generate(), connection);
        String jwt = issuer.issue(ConnectionGrant.of(SessionIds.generate(), connection, Role.PUBLISHER)).jwt();
        assertThat(iceServers("Bearer " + jwt).statusCode()).isEqualTo(401);
    }

    /** Runs last: it stops the broker. */
    @Test
    @Order(2)
    void whenTheBrokerCannotSayTheAnswerIsA503() throws Exception {
        String session = SessionIds.generate();
        String connection = ConnectionIds.generate();
        broker.add(session, connection);
        broker.close();
        HttpResponse<String> response = iceServers("Bearer "
                + issuer.issue(ConnectionGrant.of(session, connection, Role.PUBLISHER)).jwt());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).doesNotContain("credential").doesNotContain(broker.url());
    }

    private HttpResponse<String> iceServers(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publicPort
                + "/v1/ice-servers")).timeout(Duration.ofSeconds(10)).GET();
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
