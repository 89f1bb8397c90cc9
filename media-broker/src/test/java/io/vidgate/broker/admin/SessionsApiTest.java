package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vidgate.broker.facts.Fact;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionsApiTest extends ApiTestSupport {

    @Test
    void createsASessionWithOpenViduDefaultsAndAGeneratedId() {
        BrokerApi.Response created = api.post("/openvidu/api/sessions", "{}");

        assertThat(created.status()).isEqualTo(200);
        JsonNode session = created.json();
        assertThat(session.get("id").stringValue()).matches("ses_[A-Z][A-Za-z0-9]{9}");
        assertThat(session.get("sessionId").stringValue()).isEqualTo(session.get("id").stringValue());
        assertThat(session.get("object").stringValue()).isEqualTo("session");
        assertThat(session.get("createdAt").longValue()).isGreaterThan(1_600_000_000_000L);
        assertThat(session.get("mediaMode").stringValue()).isEqualTo("ROUTED");
        assertThat(session.get("recordingMode").stringValue()).isEqualTo("MANUAL");
        assertThat(session.get("customSessionId").stringValue()).isEmpty();
        assertThat(session.get("forcedVideoCodec").stringValue()).isEqualTo("MEDIA_SERVER_PREFERRED");
        assertThat(session.get("forcedVideoCodecResolved").stringValue()).isEqualTo("VP8");
        assertThat(session.get("allowTranscoding").booleanValue()).isFalse();
        assertThat(session.get("recording").booleanValue()).isFalse();
        assertThat(session.get("broadcasting").booleanValue()).isFalse();
        assertThat(session.get("connections").get("numberOfElements").intValue()).isZero();
        assertThat(session.get("connections").get("content").isArray()).isTrue();
        JsonNode recording = session.get("defaultRecordingProperties");
        assertThat(recording.get("outputMode").stringValue()).isEqualTo("COMPOSED");
        assertThat(recording.get("recordingLayout").stringValue()).isEqualTo("BEST_FIT");
        assertThat(recording.get("resolution").stringValue()).isEqualTo("1280x720");
        assertThat(recording.get("frameRate").intValue()).isEqualTo(25);
    }

    @Test
    void aMissingBodyMeansDefaults() {
        BrokerApi.Response created = api.send("POST", "/openvidu/api/sessions", null, java.util.Map.of("Content-Type", "application/json"));

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("mediaMode").stringValue()).isEqualTo("ROUTED");
    }

    @Test
    void keepsTheChosenPropertiesAndCustomId() {
        BrokerApi.Response created = api.post("/openvidu/api/sessions", """
                {"mediaMode":"RELAYED","recordingMode":"ALWAYS","customSessionId":"Team-Standup_42",
                 "forcedVideoCodec":"H264","allowTranscoding":true,
                 "defaultRecordingProperties":{"name":"standup","outputMode":"INDIVIDUAL","hasAudio":true},
                 "mediaNode":{"id":"ignored"}}
                """);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode session = created.json();
        assertThat(session.get("id").stringValue()).isEqualTo("Team-Standup_42");
        assertThat(session.get("customSessionId").stringValue()).isEqualTo("Team-Standup_42");
        assertThat(session.get("mediaMode").stringValue()).isEqualTo("RELAYED");
        assertThat(session.get("recordingMode").stringValue()).isEqualTo("ALWAYS");
        assertThat(session.get("forcedVideoCodec").stringValue()).isEqualTo("H264");
        assertThat(session.get("forcedVideoCodecResolved").stringValue()).isEqualTo("H264");
        assertThat(session.get("allowTranscoding").booleanValue()).isTrue();
        JsonNode recording = session.get("defaultRecordingProperties");
        assertThat(recording.get("name").stringValue()).isEqualTo("standup");
        assertThat(recording.get("outputMode").stringValue()).isEqualTo("INDIVIDUAL");
        assertThat(recording.get("ignoreFailedStreams").booleanValue()).isFalse();
        assertThat(recording.has("recordingLayout")).isFalse();
    }

    @Test
    void aTakenCustomIdIsAConflict() {
        assertThat(api.post("/openvidu/api/sessions", "{\"customSessionId\":\"taken-room\"}").status()).isEqualTo(200);

        assertErrorBody(api.post("/openvidu/api/sessions", "{\"customSessionId\":\"taken-room\"}"), 409, "/openvidu/api/sessions");
    }

    @Test
    void refusesInvalidValuesWithA400() {
        List<String> invalid = new ArrayList<>(List.of(
                "{\"mediaMode\":\"ROUTEDX\"}",
                "{\"mediaMode\":\"routed\"}",
                "{\"recordingMode\":\"SOMETIMES\"}",
                "{\"forcedVideoCodec\":\"AV1\"}",
                "{\"customSessionId\":\"has spaces\"}",
                "{\"customSessionId\":\"semi;colon\"}",
                "{\"customSessionId\":\"" + "x".repeat(129) + "\"}",
                "{\"customSessionId\":42}",
                "{\"allowTranscoding\":\"yes\"}",
                "{\"defaultRecordingProperties\":\"COMPOSED\"}",
                "{\"defaultRecordingProperties\":{\"outputMode\":\"MOVIE\"}}",
                "{\"defaultRecordingProperties\":{\"frameRate\":500}}",
                "{\"defaultRecordingProperties\":{\"resolution\":\"10x10\"}}",
                "{\"defaultRecordingProperties\":{\"hasAudio\":false,\"hasVideo\":false}}",
                "[\"not\",\"an\",\"object\"]"));
        for (String body : invalid) {
            BrokerApi.Response refused = api.post("/openvidu/api/sessions", body);
            assertErrorBody(refused, 400, "/openvidu/api/sessions");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsA400NotA500() {
        assertErrorBody(api.post("/openvidu/api/sessions", "{\"mediaMode\": "), 400, "/openvidu/api/sessions");
        assertThat(api.post("/openvidu/api/sessions", "not json at all").json().get("message").stringValue())
                .contains("not valid JSON");
    }

    @Test
    void listsSessionsWithTheirActiveConnectionsAndPendingOnesOnRequest() {
        String sessionId = newSession();
        String joined = newConnection(sessionId, "{}").get("id").stringValue();
        newConnection(sessionId, "{}");
        join(sessionId, joined);

        JsonNode list = api.get("/openvidu/api/sessions").json();
        assertThat(list.get("numberOfElements").intValue()).isEqualTo(list.get("content").size());
        JsonNode listed = find(list, sessionId);
        assertThat(listed.get("connections").get("numberOfElements").intValue()).isEqualTo(1);
        assertThat(listed.get("connections").get("content").get(0).get("status").stringValue()).isEqualTo("active");

        JsonNode withPending = find(api.get("/openvidu/api/sessions?pendingConnections=true&webRtcStats=true").json(), sessionId);
        assertThat(withPending.get("connections").get("numberOfElements").intValue()).isEqualTo(2);
    }

    @Test
    void fetchesOneSession() {
        String sessionId = newSession();
        newConnection(sessionId, "{}");

        BrokerApi.Response fetched = api.get("/openvidu/api/sessions/" + sessionId);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("id").stringValue()).isEqualTo(sessionId);
        assertThat(fetched.json().get("connections").get("numberOfElements").intValue()).isZero();
        assertThat(api.get("/openvidu/api/sessions/" + sessionId + "?pendingConnections=true").json()
                .get("connections").get("numberOfElements").intValue()).isEqualTo(1);

        assertErrorBody(api.get("/openvidu/api/sessions/ses_Nope000000"), 404, "/openvidu/api/sessions/ses_Nope000000");
        assertErrorBody(api.get("/openvidu/api/sessions/" + sessionId + "?pendingConnections=maybe"), 400,
                "/openvidu/api/sessions/" + sessionId);
    }

    @Test
    void closesASessionAndEvictsItsParticipants() throws InterruptedException {
        String sessionId = newSession();
        String connectionId = newConnection(sessionId, "{}").get("id").stringValue();
        join(sessionId, connectionId);

        assertThat(api.delete("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(204);

        assertThat(links.get(connectionId).told()).contains("evicted " + connectionId + " sessionClosedByServer");
        assertThat(facts.await(Fact.SessionDestroyed.class, destroyed -> destroyed.sessionId().equals(sessionId))
                .reason().wireName()).isEqualTo("sessionClosedByServer");
        assertThat(api.get("/openvidu/api/sessions/" + sessionId).status()).isEqualTo(404);
        assertErrorBody(api.delete("/openvidu/api/sessions/" + sessionId), 404, "/openvidu/api/sessions/" + sessionId);
        // Its id is free again.
        assertThat(api.post("/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}").status()).isEqualTo(200);
    }

    private static JsonNode find(JsonNode list, String sessionId) {
        for (JsonNode session : list.get("content").values()) {
            if (session.get("id").stringValue().equals(sessionId)) {
                return session;
            }
        }
        throw new AssertionError("session " + sessionId + " not listed");
    }
}
