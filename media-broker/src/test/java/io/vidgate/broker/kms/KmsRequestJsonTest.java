package io.vidgate.broker.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.kurento.jsonrpc.message.Request;

/** The one-pass JSON of a request is the JSON kurento-client's own (three-pass) {@code toString} writes. */
class KmsRequestJsonTest {

    @Test
    void aRequestWithSessionIdIsWrittenAsKurentoClientWritesIt() {
        JsonObject params = new JsonObject();
        params.addProperty("object", "379f_kurento.MediaPipeline/80d7_kurento.WebRtcEndpoint");
        params.addProperty("operation", "processOffer");
        JsonObject operationParams = new JsonObject();
        operationParams.addProperty("offer", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 5B:3C\r\n");
        params.add("operationParams", operationParams);
        Request<JsonObject> request = new Request<>("session-7", 42, "invoke", params);

        assertThat(JsonParser.parseString(KmsRequestJson.of(request)))
                .isEqualTo(JsonParser.parseString(request.toString()));
        assertThat(params.has("sessionId")).as("the caller's params are left as they were").isFalse();
    }

    @Test
    void aRequestBeforeTheSessionExistsHasNoSessionId() {
        JsonObject params = new JsonObject();
        params.addProperty("type", "MediaPipeline");
        Request<JsonObject> request = new Request<>(null, 1, "create", params);

        assertThat(JsonParser.parseString(KmsRequestJson.of(request)))
                .isEqualTo(JsonParser.parseString(request.toString()));
    }

    @Test
    void aRequestWithoutParamsGetsTheSessionIdAlone() {
        Request<JsonObject> request = new Request<>("session-7", 3, "ping", null);

        JsonObject written = JsonParser.parseString(KmsRequestJson.of(request)).getAsJsonObject();
        assertThat(written).isEqualTo(JsonParser.parseString(request.toString()));
        assertThat(written.getAsJsonObject("params").get("sessionId").getAsString()).isEqualTo("session-7");
    }
}
