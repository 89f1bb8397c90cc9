package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The /openvidu WebSocket's JSON-RPC framing: what every request gets before joinRoom exists. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.broker.port=0", "vidgate.secret=signaling-test-secret"})
class SignalingWebSocketTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    OpenViduSignalingHandler handler;

    /** Sends the frames in order on one socket (no credentials: the admin filter lets /openvidu through). */
    private List<JsonNode> exchange(String... frames) {
        List<JsonNode> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/openvidu"),
                session -> session.send(Flux.fromArray(frames).map(session::textMessage))
                        .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(frames.length))
                        .doOnNext(text -> answers.add(json.readTree(text)))
                        .then())
                .block(Duration.ofSeconds(10));
        return answers;
    }

    @Test
    void pingIsAnsweredWithPong() {
        List<JsonNode> answers = exchange("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":0}");
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).get("id").intValue()).isZero();
        assertThat(answers.get(0).get("jsonrpc").stringValue()).isEqualTo("2.0");
        assertThat(answers.get(0).get("result").get("value").stringValue()).isEqualTo("pong");
    }

    @Test
    void garbageUnknownMethodsAndMethodsBeforeJoinGetErrorsAndTheSocketStaysUsable() {
        List<JsonNode> answers = exchange(
                "not json",
                "[1,2]",
                "{\"jsonrpc\":\"2.0\",\"method\":\"noSuchMethod\",\"params\":{},\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"params\":{},\"id\":3}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{},\"id\":4}");
        assertThat(answers).hasSize(5);
        assertThat(answers.get(0).get("error").get("code").intValue()).isEqualTo(-32700);
        assertThat(answers.get(0).get("id").isNull()).isTrue();
        assertThat(answers.get(1).get("error").get("code").intValue()).isEqualTo(-32600);
        assertThat(answers.get(2).get("id").intValue()).isEqualTo(2);
        assertThat(answers.get(2).get("error").get("code").intValue()).isEqualTo(-32601);
        assertThat(answers.get(3).get("id").intValue()).isEqualTo(3);
        assertThat(answers.get(3).get("error").get("code").intValue()).isEqualTo(-32600);
        assertThat(answers.get(4).get("result").get("value").stringValue()).isEqualTo("pong");
    }

    @Test
    void openViduMethodsAreRefusedBeforeJoinRoom() {
        List<JsonNode> answers = exchange(
                "{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"params\":{\"sdpOffer\":\"v=0\"},\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"onIceCandidate\",\"params\":{},\"id\":2}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"forceDisconnect\",\"params\":{\"connectionId\":\"con_x\"},\"id\":3}");
        assertThat(answers).hasSize(3);
        for (JsonNode answer : answers) {
            assertThat(answer.get("error").get("code").intValue()).as(answer.toString()).isEqualTo(401);
            assertThat(answer.get("error").get("message").stringValue()).contains("before joinRoom");
        }
    }

    @Test
    void messagesUpToTheSharedLimitAreAnsweredAndALargerOneClosesWith1009() throws Exception {
        // vidgate.signaling.max-message-bytes (256 KiB), as at the gateway's edge: a large SDP offer the edge admits
        // must not be refused here (Reactor Netty's own default is 64 KiB).
        try (OpenViduTestClient client = OpenViduTestClient.open(port, null)) {
            for (int size : new int[] {80 * 1024, 250 * 1024}) {
                JsonNode answer = client.result("ping", OpenViduTestClient.params("interval", 5000,
                        "padding", "x".repeat(size)));
                assertThat(answer.get("value").stringValue()).as(size + " bytes").isEqualTo("pong");
            }
            client.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":9,\"params\":{\"padding\":\""
                    + "x".repeat(256 * 1024) + "\"}}");
            assertThat(client.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
            assertThat(client.closeReason).isEqualTo("Message over vidgate.signaling.max-message-bytes (262144 bytes)");
        }
    }

    @Test
    void silentSocketsAreClosedAndReported() throws Exception {
        // The other tests' sockets are closed by their clients; the broker may not have seen the last close yet.
        long settled = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (handler.openSockets() > 0 && System.nanoTime() < settled) {
            Thread.sleep(20);
        }
        assertThat(handler.openSockets()).isZero();
        List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
        handler.addCloseListener(socket -> closed.add(socket.socketId()));
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/openvidu"),
                session -> session.send(Flux.just(session.textMessage(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{},\"id\":0}")))
                        .thenMany(session.receive()).then())
                .subscribe(null, done::completeExceptionally, () -> done.complete(null));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (handler.openSockets() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
        assertThat(handler.closeSilent(Duration.ofSeconds(60))).isEmpty();
        assertThat(handler.closeSilent(Duration.ZERO)).hasSize(1);
        done.get(5, java.util.concurrent.TimeUnit.SECONDS); // the client saw the close
        while (closed.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(closed).hasSize(1);
        assertThat(handler.openSockets()).isZero();
    }
}
