package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.vidgate.broker.InProcessKurento;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.broker.room.Rooms;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.protocol.token.TokenSettings;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end tests of {@code /openvidu}: the whole broker on a random port, real sockets, the in-process
 * kurento-emulator as KMS ({@link InProcessKurento}: started with each class's context, closed with it). Sessions and
 * connections are created through the REST API as the gateway does it (Basic auth, the minted connection id and a
 * token signed with the gateway's test key), so joinRoom verifies a real token.
 *
 * <p>Each class gets its own context (its own emulator), closed after the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.broker.port=0", "vidgate.secret=" + SignalingEndToEndSupport.SECRET})
@Import({InProcessKurento.class, RecordedFacts.InContext.class})
@DirtiesContext
abstract class SignalingEndToEndSupport {

    static final String SECRET = "signaling-e2e-secret";
    /** What the gateway's public URL would be: only its form matters to openvidu-browser and the broker. */
    static final URI PUBLIC_URL = URI.create("http://127.0.0.1:4443");
    static final String PUBLISH_OFFER = BrowserSdp.offer("sendonly");
    static final String SUBSCRIBE_OFFER = BrowserSdp.offer("recvonly");
    static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.50 50000 typ host";

    static final ConnectionTokenIssuer ISSUER = new ConnectionTokenIssuer(signingKeys(),
            TokenSettings.of("vidgate", "vidgate"), Clock.systemUTC());

    @LocalServerPort
    int port;

    @Autowired
    Rooms rooms;

    /** Every fact this class's broker emitted. */
    @Autowired
    RecordedFacts facts;

    /** The emulator this class's broker uses. */
    @Autowired
    KurentoEmulator kms;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<OpenViduTestClient> clients = new CopyOnWriteArrayList<>();

    /** How often test clients ping (openvidu-browser: every 5 s); null: never. */
    Duration pingEvery() {
        return Duration.ofMillis(500);
    }

    /** A connection as the broker holds it now; empty when it (or its session) is gone. */
    java.util.Optional<io.vidgate.broker.session.ConnectionSnapshot> connection(String sessionId, String connectionId) {
        return rooms.session(sessionId).flatMap(session -> session.connection(connectionId));
    }

    @AfterEach
    void closeClients() {
        clients.forEach(OpenViduTestClient::close);
        clients.clear();
    }

    static SigningKeys signingKeys() {
        try {
            return SigningKeys.load(Path.of("src/test/resources/test-signing-keys.jwks.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- REST, as the gateway forwards it

    record Http(int status, String body) {
        JsonNode json() {
            return OpenViduTestClient.JSON.readTree(body);
        }
    }

    Http rest(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("OPENVIDUAPP:" + SECRET).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    String newSession() {
        Http created = rest("POST", "/openvidu/api/sessions", "{}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("id").stringValue();
    }

    /** A pending connection and its token URL (what the app server hands the browser). */
    record Grant(String sessionId, String connectionId, Role role, String tokenUrl) {
    }

    Grant newConnection(String sessionId, Role role) {
        return newConnection(ConnectionGrant.of(sessionId, ConnectionIds.generate(), role));
    }

    /** As the gateway does it: mints the id and signs the token, then creates the connection on the broker. */
    Grant newConnection(ConnectionGrant grant) {
        String tokenUrl = OpenViduTokenUrl.build(PUBLIC_URL, grant.sessionId(), ISSUER.issue(grant).jwt());
        Http created = rest("POST", "/openvidu/api/sessions/" + grant.sessionId() + "/connection",
                "{\"role\":\"" + grant.role().name() + "\"}",
                "X-Vidgate-Connection-Id", grant.connectionId(), "X-Vidgate-Connection-Token", tokenUrl);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return new Grant(grant.sessionId(), grant.connectionId(), grant.role(), tokenUrl);
    }

    // ---- sockets

    OpenViduTestClient open() {
        OpenViduTestClient client = OpenViduTestClient.open(port, pingEvery());
        clients.add(client);
        return client;
    }

    /** A new participant of {@code sessionId}, joined. */
    OpenViduTestClient join(String sessionId, Role role) {
        Grant grant = newConnection(sessionId, role);
        OpenViduTestClient client = open();
        JsonNode answer = client.joinRoom(grant.tokenUrl(), sessionId);
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        assertThat(client.connectionId).isEqualTo(grant.connectionId());
        return client;
    }

    // ---- checks

    /** Waits (polling the emulator: there is no notification for it) until the condition holds. */
    static void awaitTrue(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    void awaitKmsObjects(String type, int count) throws InterruptedException {
        awaitTrue(count + " " + type + " on the emulator (now " + kms.objects().byType() + ")",
                () -> kms.objects().count(type) == count, Duration.ofSeconds(10));
    }

    /** Nothing left on the emulator: no endpoint, no pipeline. */
    void awaitNoKmsObjects() throws InterruptedException {
        awaitTrue("no live objects on the emulator (now " + kms.objects().byType() + ")",
                () -> kms.objects().total() == 0, Duration.ofSeconds(10));
    }

    static boolean is(JsonNode params, String field, String value) {
        JsonNode node = params.get(field);
        return node != null && value.equals(node.stringValue());
    }
}
