package io.vidgate.bench.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

/**
 * The app backend's side: the OpenVidu REST API on the gateway's internal listener (HTTP Basic), for sessions, tokens
 * and the connections the broker still lists.
 */
public final class Backend {

    private final HttpClient http;
    private final URI rest;
    private final String authorization;

    public Backend(HttpClient http, URI rest, String secret) {
        this.http = http;
        this.rest = rest;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A PUBLISHER token of that session, created first if needed: OpenVidu closes a session when its last participant
     * leaves, so a session of the soak comes and goes.
     */
    public String token(String sessionId) throws Exception {
        HttpResponse<String> minted = post("/openvidu/api/sessions/" + sessionId + "/connection", "{\"role\":\"PUBLISHER\"}");
        if (minted.statusCode() == 404) {
            HttpResponse<String> created = post("/openvidu/api/sessions", "{\"customSessionId\":\"" + sessionId + "\"}");
            if (created.statusCode() != 200 && created.statusCode() != 409) {
                throw new IllegalStateException("POST /sessions → " + created.statusCode() + ": " + created.body());
            }
            minted = post("/openvidu/api/sessions/" + sessionId + "/connection", "{\"role\":\"PUBLISHER\"}");
        }
        if (minted.statusCode() != 200) {
            throw new IllegalStateException("POST /connection → " + minted.statusCode() + ": " + minted.body());
        }
        return SignalingClient.JSON.readTree(minted.body()).path("token").asString();
    }

    /** Connections the broker lists as {@code active}, over every session: after everyone left, ghosts. */
    public int activeConnections() throws Exception {
        HttpResponse<String> sessions = http.send(request("/openvidu/api/sessions").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (sessions.statusCode() != 200) {
            throw new IllegalStateException("GET /sessions → " + sessions.statusCode());
        }
        int active = 0;
        for (JsonNode session : SignalingClient.JSON.readTree(sessions.body()).path("content")) {
            for (JsonNode connection : session.path("connections").path("content")) {
                if ("active".equals(connection.path("status").asString())) {
                    active++;
                }
            }
        }
        return active;
    }

    /** The gateway's open edge sockets ({@code vidgate_edge_connections} on /actuator/prometheus); -1 if unreadable. */
    public int edgeSockets() {
        try {
            HttpResponse<String> metrics = http.send(request("/actuator/prometheus").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("vidgate_edge_connections")) {
                    return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception unreadable) {
            // reported as -1
        }
        return -1;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
    }
}
