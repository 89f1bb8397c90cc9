package io.vidgate.bench.edgeping;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Mints connection tokens as a backend does: {@code POST /openvidu/api/sessions} then
 * {@code POST /openvidu/api/sessions/{id}/connection} on the gateway's internal listener (HTTP Basic).
 * Sockets are spread over sessions of {@code perSession} connections (the broker limits connections per session).
 */
final class Tokens {

    /** A socket's credentials: the session it joins and the token (the OpenVidu URL form, sent whole). */
    record Token(String sessionId, String token) {
    }

    private static final int IN_FLIGHT = 16;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI rest;
    private final String authorization;

    Tokens(URI rest, String secret) {
        this.rest = rest;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("OPENVIDUAPP:" + secret).getBytes(StandardCharsets.UTF_8));
    }

    List<Token> mint(String label, int count, int perSession) throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int s = 0; s * perSession < count; s++) {
            String id = label + "-" + s;
            post("/openvidu/api/sessions", "{\"customSessionId\":\"" + id + "\"}");
            sessions.add(id);
        }
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Token>> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String session = sessions.get(i / perSession);
            inFlight.acquire();
            tokens.add(postAsync("/openvidu/api/sessions/" + session + "/connection", "{\"role\":\"PUBLISHER\"}")
                    .thenApply(body -> new Token(session, Json.field(body, "token")))
                    .whenComplete((token, error) -> inFlight.release()));
        }
        List<Token> minted = new ArrayList<>(count);
        for (CompletableFuture<Token> token : tokens) {
            minted.add(token.join());
        }
        return minted;
    }

    private String post(String path, String body) throws Exception {
        return postAsync(path, body).join();
    }

    private CompletableFuture<String> postAsync(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " → " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        });
    }
}
