package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vidgate.broker.InProcessKurento;
import io.vidgate.broker.facts.RecordedFacts;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.StreamType;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The broker on a random loopback port, with a known secret, the in-process kurento-emulator as its KMS and a
 * recorder of its facts. Participants join and publish through their session's room directly (no socket: each gets a
 * {@link RecordingLink}), as the signaling layer does it. The subclasses share one application context (and so one
 * set of rooms): each test makes its own sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.broker.port=0", "vidgate.secret=" + ApiTestSupport.SECRET})
@Import({InProcessKurento.class, RecordedFacts.InContext.class})
abstract class ApiTestSupport {

    static final String SECRET = "broker-api-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    Rooms rooms;

    @Autowired
    RecordedFacts facts;

    /** What each participant joined by {@link #join} was told, by connection id. */
    final Map<String, RecordingLink> links = new ConcurrentHashMap<>();

    BrokerApi api;

    @BeforeEach
    void connectToBroker() {
        api = new BrokerApi(port, SECRET);
    }

    String newSession() {
        BrokerApi.Response created = api.post("/openvidu/api/sessions", "{}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("id").stringValue();
    }

    JsonNode newConnection(String sessionId, String body) {
        BrokerApi.Response created = api.createConnection(sessionId, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json();
    }

    /** What the signaling layer does when a client joins with the connection's token. */
    ConnectionSnapshot join(String sessionId, String connectionId) {
        RecordingLink link = new RecordingLink();
        links.put(connectionId, link);
        return rooms.existing(sessionId).join(connectionId,
                new ActivationDetails("203.0.113.7", "Chrome 126 on Linux", "{\"name\":\"alice\"}", null), link,
                "resume-" + connectionId).me();
    }

    /** publishVideo, negotiated with the emulator; the stream id. */
    String publish(String sessionId, String connectionId) {
        return await(rooms.existing(sessionId).publish(connectionId, StreamType.CAMERA,
                new MediaOptions(true, true, true, true, "CAMERA", 30, "{\"width\":640,\"height\":480}"),
                BrowserSdp.offer("sendonly"))).streamId();
    }

    /** receiveVideoFrom with the client's offer, negotiated with the emulator. */
    void subscribe(String sessionId, String connectionId, String streamId) {
        await(rooms.existing(sessionId).subscribe(connectionId, streamId, BrowserSdp.offer("recvonly")));
    }

    private static <T> T await(CompletableFuture<T> negotiation) {
        try {
            return negotiation.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("the emulator refused the negotiation", failed.getCause());
        } catch (InterruptedException | TimeoutException stuck) {
            throw new IllegalStateException("no answer from the emulator", stuck);
        }
    }

    Optional<ConnectionSnapshot> connection(String sessionId, String connectionId) {
        return rooms.session(sessionId).flatMap(session -> session.connection(connectionId));
    }

    static void assertErrorBody(BrokerApi.Response response, int status, String path) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode error = response.json();
        assertThat(error.propertyNames()).containsExactly("timestamp", "status", "error", "message", "path");
        assertThat(error.get("status").intValue()).isEqualTo(status);
        assertThat(error.get("timestamp").longValue()).isPositive();
        assertThat(error.get("error").stringValue()).isNotBlank();
        assertThat(error.get("message").stringValue()).isNotBlank();
        assertThat(error.get("path").stringValue()).isEqualTo(path);
    }
}
