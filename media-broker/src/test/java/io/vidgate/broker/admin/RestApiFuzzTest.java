package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.vidgate.broker.fuzz.RestRequests;
import io.vidgate.broker.fuzz.RestRequests.Request;
import io.vidgate.broker.fuzz.Tries;
import io.vidgate.broker.session.SessionSnapshot;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15: generated requests to every REST route of the broker, as the gateway forwards them (authenticated, with the
 * minted connection headers most of the time). Every answer comes within a deadline and is a success or a 4xx (501 for
 * what Vidgate does not implement) with OpenVidu's JSON error body, never a 500; sessions a request created can be
 * closed, and nothing else is left behind. A failure prints its seed and the shrunk request (see {@link Tries}).
 */
class RestApiFuzzTest extends ApiTestSupport {

    private static final Set<Integer> ANSWERS = Set.of(200, 204, 400, 404, 405, 406, 409, 413, 415, 429, 501);

    /** Method and status ⇒ count: printed at the end, to see what the generated requests reached. */
    private final Map<String, Integer> answered = new java.util.TreeMap<>();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyRequestGetsAnAnswerOrAWellFormedClientError() {
        Tries.check("REST request", 400, RestRequests::request, RestRequests::shrinks, generated -> {
            Set<String> before = sessionIds();
            String session = newSession();
            String connection = newConnection(session, "{}").get("connectionId").stringValue();
            Map<String, String> names = new HashMap<>(Map.of("session", session, "connection", connection,
                    "stream", "str_CAM_AAAA_con_AAAAAAAAAA"));
            if (generated.path().contains("${stream}")) {
                join(session, connection);
                names.put("stream", publish(session, connection));
            }
            Request request = generated.withPlaceholders(names);
            try {
                HttpResponse<String> response = send(request, session);
                answered.merge(request.method() + " " + response.statusCode(), 1, Integer::sum);
                check(request, response);
                if (request.method().equals("POST") && URI.create(request.path()).getRawPath().equals("/openvidu/api/sessions")
                        && response.statusCode() == 200) {
                    String created = BrokerApi.JSON.readTree(response.body()).get("id").stringValue();
                    BrokerApi.Response closed = api.delete("/openvidu/api/sessions/" + created);
                    assertThat(closed.status()).as("closing the session %s created: %s", created, closed).isEqualTo(204);
                }
            } finally {
                BrokerApi.Response closed = api.delete("/openvidu/api/sessions/" + session);
                assertThat(closed.status()).as(closed.toString()).isIn(204, 404);
            }
            assertThat(sessionIds()).as("sessions left behind").isEqualTo(before);
        });
        System.out.println("REST fuzz answers (method and status: count): " + answered);
    }

    private Set<String> sessionIds() {
        return rooms.sessions().stream().map(SessionSnapshot::id).collect(Collectors.toSet());
    }

    private HttpResponse<String> send(Request request, String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", BrokerApi.basic("OPENVIDUAPP", SECRET))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.path().contains("/connection") || request.path().startsWith("/openvidu/api/tokens")) {
            BrokerApi.mintedHeaders(session).forEach(builder::header); // what the gateway adds
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException failed) {
            throw new AssertionError("No answer within 10 s to " + request, failed);
        }
    }

    private static void check(Request request, HttpResponse<String> response) {
        int status = response.statusCode();
        String answered = request + " answered " + status + " " + response.body();
        if (status == 414) {
            // Netty's limit on the request line (4 KiB), answered before any of the broker's code runs.
            assertThat(request.path().length()).as(answered).isGreaterThan(4000);
            return;
        }
        assertThat(status).as(answered).isIn(ANSWERS);
        if (status < 400 || request.method().equals("HEAD")) {
            if (!response.body().isEmpty()) {
                assertThat(BrokerApi.JSON.readTree(response.body())).as(answered).isNotNull();
            }
            return;
        }
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(answered).startsWith("application/json");
        JsonNode error = BrokerApi.JSON.readTree(response.body());
        assertThat(error.propertyNames()).as(answered).containsExactly("timestamp", "status", "error", "message", "path");
        assertThat(error.get("status").intValue()).as(answered).isEqualTo(status);
        assertThat(error.get("message").stringValue()).as(answered).isNotBlank();
        assertThat(error.get("path").stringValue()).as(answered).isEqualTo(URI.create(request.path()).getRawPath());
    }
}
