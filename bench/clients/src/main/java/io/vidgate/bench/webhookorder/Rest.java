package io.vidgate.bench.webhookorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.vidgate.bench.signaling.SignalingClient;

/** The app backend's calls of the OpenVidu REST API (HTTP Basic OPENVIDUAPP:secret), each logged with its answer. */
final class Rest {

    private final HttpClient http;
    private final URI base;
    private final String authorization;

    Rest(HttpClient http, URI base, String secret) {
        this.http = http;
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    void createSession(String sessionId) throws Exception {
        HttpResponse<String> created = send(request("/openvidu/api/sessions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"customSessionId\":\"" + sessionId + "\"}")));
        Steps.say("REST POST /sessions " + sessionId + " → " + created.statusCode() + " " + created.body());
        if (created.statusCode() != 200) {
            throw new IllegalStateException("POST /sessions → " + created.statusCode());
        }
    }

    /** A PUBLISHER token of the session. */
    String token(String sessionId) throws Exception {
        HttpResponse<String> minted = send(request("/openvidu/api/sessions/" + sessionId + "/connection")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"PUBLISHER\"}")));
        if (minted.statusCode() != 200) {
            throw new IllegalStateException("POST /connection → " + minted.statusCode() + ": " + minted.body());
        }
        return SignalingClient.JSON.readTree(minted.body()).path("token").asString();
    }

    int get(String path) throws Exception {
        return send(request(path).GET()).statusCode();
    }

    int delete(String path) throws Exception {
        return send(request(path).DELETE()).statusCode();
    }

    int post(String path, String body) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
    }
}
