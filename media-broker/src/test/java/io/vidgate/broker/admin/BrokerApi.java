package io.vidgate.broker.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.vidgate.protocol.ConnectionIds;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP against the running broker, with or without the admin credentials. */
final class BrokerApi {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final String secret;

    BrokerApi(int port, String secret) {
        this.port = port;
        this.secret = secret;
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, String json) {
        return send("POST", path, json, Map.of());
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** As the gateway forwards it: with a freshly minted connection id and a token for {@code sessionId}. */
    Response createConnection(String sessionId, String json) {
        return send("POST", "/openvidu/api/sessions/" + sessionId + "/connection", json, mintedHeaders(sessionId));
    }

    static Map<String, String> mintedHeaders(String sessionId) {
        return mintedHeaders(ConnectionIds.generate(), sessionId);
    }

    static Map<String, String> mintedHeaders(String connectionId, String sessionId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Vidgate-Connection-Id", connectionId);
        headers.put("X-Vidgate-Connection-Token", tokenUrl(sessionId, connectionId));
        return headers;
    }

    /** The gateway's token string; the broker checks its form, not its signature (the gateway made it). */
    static String tokenUrl(String sessionId, String connectionId) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"ES256\",\"kid\":\"test\"}".getBytes(StandardCharsets.UTF_8));
        String claims = base64.encodeToString(("{\"sub\":\"" + connectionId + "\",\"sid\":\"" + sessionId + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return "ws://127.0.0.1:4443?sessionId=" + sessionId + "&token=" + header + "." + claims + ".c2lnbmF0dXJl";
    }

    Response send(String method, String path, String json, Map<String, String> headers) {
        return sendAs(basic("OPENVIDUAPP", secret), method, path, json, headers);
    }

    /** @param authorization the Authorization header, or null for none */
    Response sendAs(String authorization, String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
