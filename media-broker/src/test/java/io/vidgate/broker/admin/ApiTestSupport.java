package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.protocol.StreamIds;
import io.vidgate.protocol.StreamType;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The broker on a random loopback port, with a known secret and a recorder in place of the signaling layer. The
 * subclasses share one application context (and so one registry): each test makes its own sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.broker.port=0", "vidgate.secret=" + ApiTestSupport.SECRET})
@Import(RecordedSessionEvents.class)
abstract class ApiTestSupport {

    static final String SECRET = "broker-api-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    SessionRegistry registry;

    @Autowired
    RecordedSessionEvents recorded;

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

    /** What the signaling layer will do when a client joins with the connection's token. */
    ConnectionSnapshot join(String sessionId, String connectionId) {
        return registry.activateConnection(sessionId, connectionId,
                new ActivationDetails("203.0.113.7", "Chrome 126 on Linux", "{\"name\":\"alice\"}", null));
    }

    String publish(String sessionId, String connectionId) {
        String streamId = StreamIds.generate(StreamType.CAMERA, connectionId);
        registry.addPublisher(sessionId, connectionId, streamId,
                new MediaOptions(true, true, true, true, "CAMERA", 30, "{\"width\":640,\"height\":480}"));
        return streamId;
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
