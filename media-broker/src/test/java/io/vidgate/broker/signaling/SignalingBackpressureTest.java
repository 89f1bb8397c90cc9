package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.protocol.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A joined client that stops reading while it floods signals to everyone (itself included) must not grow the broker's
 * heap: its socket's outbound queue stays within {@code vidgate.signaling.outbound-queue-*}, then the socket is closed
 * and the participant evicted at once (not kept for the reconnect grace, set long here on purpose).
 */
@TestPropertySource(properties = {"vidgate.signaling.outbound-queue-frames=64",
        "vidgate.signaling.outbound-queue-bytes=262144", "vidgate.signaling.reconnect-grace=5m",
        "vidgate.signaling.signals-per-second=100000", "vidgate.signaling.signal-burst=100000"})
class SignalingBackpressureTest extends SignalingEndToEndSupport {

    @Autowired
    OpenViduSignalingHandler handler;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Test
    void aClientThatDoesNotReadIsClosedWithItsQueueBoundedAndEvictedAtOnce() throws Exception {
        String sessionId = newSession();
        OpenViduTestClient observer = join(sessionId, Role.PUBLISHER);
        List<SocketSession> closed = new CopyOnWriteArrayList<>();
        handler.addCloseListener(closed::add);

        Grant grant = newConnection(sessionId, Role.PUBLISHER);
        try (RawWebSocketClient flooder = new RawWebSocketClient(port, "/openvidu", 4096)) {
            flooder.sendText(OpenViduTestClient.JSON.writeValueAsString(OpenViduTestClient.JSON.createObjectNode()
                    .put("jsonrpc", "2.0").put("method", "joinRoom").put("id", 0)
                    .set("params", OpenViduTestClient.joinParams(grant.tokenUrl(), sessionId, ""))));
            JsonNode joined = OpenViduTestClient.JSON.readTree(flooder.readText());
            assertThat(joined.has("result")).as(joined.toString()).isTrue();
            observer.awaitNotification("participantJoined", params -> is(params, "id", grant.connectionId()));

            // From here on the flooder never reads: each signal to itself comes back twice (answer and signal).
            String signal = OpenViduTestClient.JSON.writeValueAsString(OpenViduTestClient.params(
                    "message", "{\"to\":[\"" + grant.connectionId() + "\"],\"data\":\"" + "x".repeat(4096) + "\",\"type\":\"signal:flood\"}"));
            Thread flood = new Thread(() -> {
                try {
                    for (int id = 1; id <= 20_000; id++) { // ~170 MB of replies if nothing stopped it
                        flooder.sendText("{\"jsonrpc\":\"2.0\",\"method\":\"sendMessage\",\"id\":" + id
                                + ",\"params\":" + signal + "}");
                    }
                } catch (IOException brokerClosedTheConnection) {
                    // expected once the broker drops the connection (unless every frame was written before)
                }
            }, "flooder");
            flood.setDaemon(true);
            flood.start();

            JsonNode left = observer.awaitNotification("participantLeft",
                    params -> is(params, "connectionId", grant.connectionId()), Duration.ofSeconds(30));
            assertThat(left.get("reason").stringValue()).isEqualTo("networkDisconnect");
            awaitTrue("the flooder's socket reported closed", () -> closed.stream()
                    .anyMatch(socket -> socket.participant() != null
                            && grant.connectionId().equals(socket.participant().connectionId())),
                    Duration.ofSeconds(10));
            SocketSession socket = closed.stream().filter(s -> s.participant() != null
                    && grant.connectionId().equals(s.participant().connectionId())).findFirst().orElseThrow();
            assertThat(socket.overflowed()).isTrue();
            assertThat(socket.peakQueuedFrames()).isLessThanOrEqualTo(64);
            assertThat(metrics.get("vidgate.signaling.outbound.closed").functionCounter().count()).isEqualTo(1);
            assertThat(connection(sessionId, grant.connectionId())).isEmpty();
            awaitTrue("only the observer's socket open", () -> handler.openSockets() == 1, Duration.ofSeconds(10));
            assertThat(metrics.get("vidgate.signaling.outbound.queued").gauge().value()).isLessThanOrEqualTo(64);
            flood.join(Duration.ofSeconds(30).toMillis());
            assertThat(flood.isAlive()).as("the flooder still writing to an open connection").isFalse();
            // What the broker had sent before it dropped the connection can be read; then the stream ends.
            assertThat(droppedAfterReading(flooder)).as("the broker dropped the TCP connection").isTrue();
        }
        // The observer, which reads, was never bothered.
        assertThat(observer.result("ping", OpenViduTestClient.params("interval", 5000)).get("value").stringValue())
                .isEqualTo("pong");
    }

    /** Reads until the connection ends (true), or nothing comes for the socket's read timeout (false). */
    private static boolean droppedAfterReading(RawWebSocketClient client) {
        byte[] buffer = new byte[64 * 1024];
        try {
            while (client.input().read(buffer) >= 0) {
                // what was in flight
            }
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
