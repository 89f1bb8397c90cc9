package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.vidgate.broker.facts.Fact;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StreamsAndSignalsApiTest extends ApiTestSupport {

    @Test
    void publishersAndSubscribersAppearInTheConnectionJson() {
        String sessionId = newSession();
        String publisher = newConnection(sessionId, "{}").get("id").stringValue();
        String viewer = newConnection(sessionId, "{\"role\":\"SUBSCRIBER\"}").get("id").stringValue();
        join(sessionId, publisher);
        join(sessionId, viewer);
        String streamId = publish(sessionId, publisher);
        subscribe(sessionId, viewer, streamId);

        JsonNode published = api.get("/openvidu/api/sessions/" + sessionId + "/connection/" + publisher).json()
                .get("publishers").get(0);
        assertThat(published.get("streamId").stringValue()).isEqualTo(streamId);
        assertThat(published.get("createdAt").longValue()).isPositive();
        JsonNode media = published.get("mediaOptions");
        assertThat(media.get("hasAudio").booleanValue()).isTrue();
        assertThat(media.get("audioActive").booleanValue()).isTrue();
        assertThat(media.get("hasVideo").booleanValue()).isTrue();
        assertThat(media.get("videoActive").booleanValue()).isTrue();
        assertThat(media.get("typeOfVideo").stringValue()).isEqualTo("CAMERA");
        assertThat(media.get("frameRate").intValue()).isEqualTo(30);
        assertThat(media.get("videoDimensions").stringValue()).isEqualTo("{\"width\":640,\"height\":480}");

        JsonNode subscription = api.get("/openvidu/api/sessions/" + sessionId + "/connection/" + viewer).json()
                .get("subscribers").get(0);
        assertThat(subscription.get("streamId").stringValue()).isEqualTo(streamId);
        assertThat(subscription.get("createdAt").longValue()).isPositive();
    }

    @Test
    void forceUnpublishRemovesTheStreamAndItsSubscriptionsAndTellsEveryone() throws InterruptedException {
        String sessionId = newSession();
        String publisher = newConnection(sessionId, "{}").get("id").stringValue();
        String viewer = newConnection(sessionId, "{\"role\":\"SUBSCRIBER\"}").get("id").stringValue();
        join(sessionId, publisher);
        join(sessionId, viewer);
        String streamId = publish(sessionId, publisher);
        subscribe(sessionId, viewer, streamId);
        String path = "/openvidu/api/sessions/" + sessionId + "/stream/" + streamId;

        assertThat(api.delete(path).status()).isEqualTo(204);

        for (String participant : new String[] {publisher, viewer}) {
            assertThat(links.get(participant).told()).contains("unpublished " + publisher + " forceUnpublishByServer");
        }
        assertThat(facts.await(Fact.WebrtcConnectionDestroyed.class, destroyed -> destroyed.connection().inbound()
                && destroyed.connection().streamId().equals(streamId)).reason().wireName()).isEqualTo("forceUnpublishByServer");
        assertThat(connection(sessionId, publisher).orElseThrow().publishers()).isEmpty();
        assertThat(connection(sessionId, viewer).orElseThrow().subscribers()).isEmpty();
        assertErrorBody(api.delete(path), 404, path);
        assertErrorBody(api.delete("/openvidu/api/sessions/" + sessionId + "/stream/not-a-stream"), 404,
                "/openvidu/api/sessions/" + sessionId + "/stream/not-a-stream");
        // As openvidu-server: an unknown session here is a 400.
        assertErrorBody(api.delete("/openvidu/api/sessions/ses_Nope000000/stream/" + streamId), 400,
                "/openvidu/api/sessions/ses_Nope000000/stream/" + streamId);
    }

    @Test
    void signalsGoToTheActiveConnectionsNamedOrToAll() {
        String sessionId = newSession();
        String alice = newConnection(sessionId, "{}").get("id").stringValue();
        String bob = newConnection(sessionId, "{}").get("id").stringValue();
        String pending = newConnection(sessionId, "{}").get("id").stringValue();
        join(sessionId, alice);
        join(sessionId, bob);

        BrokerApi.Response toBob = api.post("/openvidu/api/signal",
                "{\"session\":\"" + sessionId + "\",\"to\":[\"" + bob + "\"],\"type\":\"chat\",\"data\":\"hi\"}");
        assertThat(toBob.status()).as(toBob.toString()).isEqualTo(200);
        assertThat(signals(alice)).isEmpty();
        assertThat(signals(bob)).containsExactly("signal chat hi from null");

        assertThat(api.post("/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[]}").status()).isEqualTo(200);
        assertThat(signals(alice)).hasSize(1);
        assertThat(signals(bob)).hasSize(2);

        assertErrorBody(api.post("/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[\"" + pending + "\"]}"),
                406, "/openvidu/api/signal");
        assertErrorBody(api.post("/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[\"con_Nope000000\"]}"),
                406, "/openvidu/api/signal");
        assertErrorBody(api.post("/openvidu/api/signal", "{\"session\":\"" + sessionId + "\",\"to\":[null]}"),
                406, "/openvidu/api/signal");
    }

    @Test
    void signalErrors() {
        String idle = newSession();
        newConnection(idle, "{}");

        assertErrorBody(api.post("/openvidu/api/signal", "{\"session\":\"" + idle + "\",\"data\":\"x\"}"), 406, "/openvidu/api/signal");
        assertErrorBody(api.post("/openvidu/api/signal", "{\"session\":\"ses_Nope000000\"}"), 404, "/openvidu/api/signal");
        for (String bad : new String[] {"{}", "{\"session\":1}", "{\"session\":\"" + idle + "\",\"to\":\"con_x\"}",
                "{\"session\":\"" + idle + "\",\"to\":[1]}", "{\"session\":\"" + idle + "\",\"data\":{}}",
                "{\"session\":\"" + idle + "\",\"type\":[]}", "{\"session\":", "\"text\""}) {
            assertErrorBody(api.post("/openvidu/api/signal", bad), 400, "/openvidu/api/signal");
        }
        assertErrorBody(api.send("POST", "/openvidu/api/signal", null, java.util.Map.of("Content-Type", "application/json")),
                400, "/openvidu/api/signal");
    }

    private List<String> signals(String connectionId) {
        return links.get(connectionId).told().stream().filter(line -> line.startsWith("signal ")).toList();
    }
}
