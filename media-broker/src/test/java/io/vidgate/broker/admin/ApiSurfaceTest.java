package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** What is not there: unknown paths, wrong methods, features this version does not have. */
class ApiSurfaceTest extends ApiTestSupport {

    /** Recording off answers 501 too: {@link RecordingsOffTest}. */
    @Test
    void broadcastingIsNotAvailable() {
        BrokerApi.Response answer = api.send("POST", "/openvidu/api/broadcast/start", "{}", Map.of());
        assertErrorBody(answer, 501, "/openvidu/api/broadcast/start");
        assertThat(answer.json().get("message").stringValue())
                .isEqualTo("broadcasting is not available in this Vidgate version");
    }

    @Test
    void unknownPathsAreA404WithTheErrorBody() {
        assertErrorBody(api.get("/openvidu/api/nothing-here"), 404, "/openvidu/api/nothing-here");
        assertErrorBody(api.post("/openvidu/api/nothing/here", "{}"), 404, "/openvidu/api/nothing/here");
        assertErrorBody(api.get("/openvidu/api"), 404, "/openvidu/api");
        assertErrorBody(api.get("/openvidu/api/sessions/a/b/c/d"), 404, "/openvidu/api/sessions/a/b/c/d");
        assertErrorBody(api.get("/openvidu/api/config/nothing-here"), 404, "/openvidu/api/config/nothing-here");
    }

    @Test
    void aWrongMethodIsA405() {
        BrokerApi.Response put = api.send("PUT", "/openvidu/api/sessions", "{}", Map.of());
        assertErrorBody(put, 405, "/openvidu/api/sessions");
        assertThat(put.header("Allow")).contains("POST").contains("GET");
        // Updating a connection is OpenVidu Pro; the CE server answers 405 too.
        String sessionId = newSession();
        String connectionId = newConnection(sessionId, "{}").get("id").stringValue();
        assertErrorBody(api.send("PATCH", "/openvidu/api/sessions/" + sessionId + "/connection/" + connectionId,
                "{\"role\":\"MODERATOR\"}", Map.of()), 405, "/openvidu/api/sessions/" + sessionId + "/connection/" + connectionId);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWithA415() {
        BrokerApi.Response form = api.send("POST", "/openvidu/api/sessions", "mediaMode=ROUTED",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertErrorBody(form, 415, "/openvidu/api/sessions");
        BrokerApi.Response text = api.send("POST", "/openvidu/api/signal", "hello", Map.of("Content-Type", "text/plain"));
        assertErrorBody(text, 415, "/openvidu/api/signal");
        assertThat(text.json().get("message").stringValue()).contains("application/json");
    }

    @Test
    void anOversizedBodyIsRefusedNotA500() {
        String huge = "{\"data\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        BrokerApi.Response refused = api.post("/openvidu/api/signal", huge);
        assertErrorBody(refused, 413, "/openvidu/api/signal");
    }
}
