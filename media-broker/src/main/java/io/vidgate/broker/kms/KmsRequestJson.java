package io.vidgate.broker.kms;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.kurento.jsonrpc.message.Request;

/**
 * A kurento-client request as the JSON-RPC text KMS reads, written in one pass. kurento-client's
 * {@code Request.toString()} writes the request to JSON, parses it back into a tree to add the session id to its
 * params, and writes the tree again; every request kurento-client makes has its params as a {@link JsonObject}
 * already, so the tree is built here directly. The text is the same: {@code id}, {@code method}, {@code params}
 * with {@code sessionId} added when there is one, {@code jsonrpc}.
 */
final class KmsRequestJson {

    private KmsRequestJson() {
    }

    static String of(Request<?> request) {
        Object params = request.getParams();
        if (params != null && !(params instanceof JsonObject)) {
            return request.toString(); // not one of kurento-client's: its own way
        }
        JsonObject json = new JsonObject();
        json.addProperty("id", request.getId());
        json.addProperty("method", request.getMethod());
        // A copy: the request's params may be sent again (a reconnection resends nothing, but a caller may retry).
        JsonObject withSession = new JsonObject();
        if (params != null) {
            for (Map.Entry<String, JsonElement> param : ((JsonObject) params).entrySet()) {
                withSession.add(param.getKey(), param.getValue());
            }
        }
        if (request.getSessionId() != null) {
            withSession.addProperty("sessionId", request.getSessionId());
        }
        json.add("params", withSession);
        json.addProperty("jsonrpc", "2.0");
        return json.toString();
    }
}
