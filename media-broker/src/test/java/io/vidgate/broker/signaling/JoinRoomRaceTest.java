package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two {@code joinRoom} sent back to back on one socket, with two valid tokens: exactly one joins. The TURN credentials
 * come from an external TURN REST API service that takes a while to answer, as a real one over the network may: the
 * second request arrives while the first is waiting for it, which is when a check-then-set let both join and left one
 * participant on no socket (never evicted, keeping the session's pipeline on Kurento).
 */
@TestPropertySource(properties = {"vidgate.signaling.reconnect-grace=1s", "vidgate.turn.source=rest-api-service",
        "vidgate.turn.external.key=service-key"})
class JoinRoomRaceTest extends SignalingEndToEndSupport {

    private static HttpServer slowTurnService;

    @DynamicPropertySource
    static void slowTurnService(DynamicPropertyRegistry registry) throws IOException {
        slowTurnService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowTurnService.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowTurnService.createContext("/turn", exchange -> {
            try {
                Thread.sleep(500); // the service's latency: what opens the window between check and join
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"username\":\"u\",\"password\":\"p\",\"ttl\":600,\"uris\":[\"turn:198.51.100.7:3478\"]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        slowTurnService.start();
        registry.add("vidgate.turn.external.url",
                () -> "http://127.0.0.1:" + slowTurnService.getAddress().getPort() + "/turn");
    }

    @AfterAll
    static void stopTurnService() {
        slowTurnService.stop(0);
    }

    @Test
    void twoJoinRoomsBackToBackOnOneSocketJoinOnceAndLeaveNothingBehind() throws Exception {
        String session = newSession();
        Grant first = newConnection(session, Role.PUBLISHER);
        Grant second = newConnection(session, Role.PUBLISHER);
        OpenViduTestClient client = open();

        List<JsonNode> answers = Stream.of(first, second)
                .map(grant -> client.send("joinRoom", OpenViduTestClient.joinParams(grant.tokenUrl(), session, "")))
                .toList().stream()
                .map(answer -> answer.orTimeout(10, TimeUnit.SECONDS).join())
                .toList();

        List<JsonNode> joined = answers.stream().filter(answer -> answer.has("result")).toList();
        List<JsonNode> refused = answers.stream().filter(answer -> answer.has("error")).toList();
        assertThat(joined).as(answers.toString()).hasSize(1);
        assertThat(refused).as(answers.toString()).hasSize(1);
        assertThat(refused.get(0).get("error").get("code").intValue()).isEqualTo(401);
        assertThat(refused.get(0).get("error").get("message").stringValue()).contains("already");
        assertThat(rooms.session(session).orElseThrow().activeConnections()).hasSize(1);
        client.publish(PUBLISH_OFFER);
        awaitKmsObjects("WebRtcEndpoint", 1);

        // The socket goes: after the grace its one participant is evicted, and with it the session's pipeline.
        client.abort();
        awaitTrue("no active connection left", () -> rooms.session(session)
                .map(s -> s.activeConnections().isEmpty()).orElse(true), Duration.ofSeconds(10));
        awaitNoKmsObjects();
    }

    @Test
    void aJoinRefusedOnTheWayLeavesTheSocketFreeToJoin() throws Exception {
        String session = newSession();
        Grant grant = newConnection(session, Role.PUBLISHER);
        OpenViduTestClient client = open();

        JsonNode forged = client.call("joinRoom", OpenViduTestClient.joinParams("not a token", session, ""));
        assertThat(forged.get("error").get("code").intValue()).isEqualTo(401);
        JsonNode answer = client.joinRoom(grant.tokenUrl(), session);
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        assertThat(client.connectionId).isEqualTo(grant.connectionId());
    }
}
