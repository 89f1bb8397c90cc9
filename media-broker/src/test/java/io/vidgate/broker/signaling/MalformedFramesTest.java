package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vidgate.broker.fuzz.RawSocket;
import io.vidgate.broker.fuzz.RpcAnswers;
import io.vidgate.broker.fuzz.RpcFrames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;

/**
 * Frames that are not requests, and the inputs {@link JsonRpcFuzzTest} found mishandled: each gets a well-formed
 * JSON-RPC error (or its exact answer), the socket stays usable, and the broker's log stays quiet (issue 15,
 * finding 7: a client's mistake is not a server error, and must not flood the log with stack traces).
 */
class MalformedFramesTest extends SignalingEndToEndSupport {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger vidgate = (Logger) LoggerFactory.getLogger("io.vidgate");
    private Level vidgateLevel;

    /** Every logger at its level (the tests' WARN), and Vidgate's own at every level: none may carry a stack trace. */
    @BeforeEach
    void recordTheLog() {
        vidgateLevel = vidgate.getLevel();
        vidgate.setLevel(Level.DEBUG);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(logged);
        vidgate.setLevel(vidgateLevel);
    }

    private static JsonNode answerTo(RawSocket socket, JsonNode id) throws InterruptedException {
        List<String> frames = socket.takeUntil(frame -> RpcAnswers.isResponseTo(frame, id), Duration.ofSeconds(5));
        assertThat(frames).as("an answer with id %s", id).isNotNull();
        frames.forEach(RpcAnswers::assertWellFormed);
        return RawSocket.parseFrame(frames.get(frames.size() - 1));
    }

    private static void assertPingAnswered(RawSocket socket) throws InterruptedException {
        socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":\"still-there\"}");
        JsonNode pong = answerTo(socket, RpcFrames.JSON.getNodeFactory().stringNode("still-there"));
        assertThat(pong.path("result").path("value").stringValue(null)).isEqualTo("pong");
    }

    /** Found by the fuzz: the id came back as "a?", so openvidu-browser-like clients never matched their answer. */
    @Test
    void anIdThatIsNotValidUtf16ComesBackExactly() throws InterruptedException {
        try (RawSocket socket = RawSocket.open(port)) {
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":\"a\\ud800\"}");
            JsonNode pong = answerTo(socket, RpcFrames.JSON.getNodeFactory().stringNode("a\uD800"));
            assertThat(pong.path("result").path("value").stringValue(null)).isEqualTo("pong");
        }
    }

    /** Found by the fuzz: read as a double, the id became Infinity and came back as the string "Infinity". */
    @Test
    void anIdPastTheRangeOfADoubleComesBackAsSent() throws InterruptedException {
        try (RawSocket socket = RawSocket.open(port)) {
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1e999}");
            List<String> answer = socket.takeUntil(frame -> frame.has("result") || frame.has("error"), Duration.ofSeconds(5));
            assertThat(answer).isNotNull();
            JsonNode id = RpcFrames.JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(answer.get(0)).get("id");
            assertThat(id.isNumber()).as(answer.get(0)).isTrue();
            assertThat(id.decimalValue()).isEqualByComparingTo(new BigDecimal("1e999"));
        }
    }

    /** A binary frame was dropped without an answer, its sender left waiting. */
    @Test
    void aBinaryFrameGetsAParseError() throws InterruptedException {
        try (RawSocket socket = RawSocket.open(port)) {
            socket.sendBinary(ByteBuffer.wrap("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            List<String> answer = socket.takeUntil(frame -> frame.has("error"), Duration.ofSeconds(5));
            assertThat(answer).as("an answer to a binary frame").isNotNull();
            RpcAnswers.assertWellFormed(answer.get(0));
            JsonNode error = RawSocket.parseFrame(answer.get(0));
            assertThat(error.get("id").isNull()).isTrue();
            assertThat(error.get("error").get("code").intValue()).isEqualTo(RpcException.PARSE_ERROR);
            assertPingAnswered(socket);
        }
    }

    @Test
    void malformedFramesAreAnsweredWithoutAnErrorOrAStackTraceInTheLog() throws InterruptedException {
        try (RawSocket socket = RawSocket.open(port)) {
            String deep = "[".repeat(5000) + "]".repeat(5000);
            for (String frame : List.of("not json", "", "[]", "42", deep,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":" + "9".repeat(2000) + "}",
                    "{\"jsonrpc\":\"2.0\",\"id\":{}}", "{\"jsonrpc\":\"2.0\",\"method\":7}")) {
                socket.send(frame);
                List<String> answer = socket.takeUntil(f -> f.path("id").isNull(), Duration.ofSeconds(5));
                assertThat(answer).as("an error without id for %s", frame.length() > 100 ? frame.substring(0, 100) : frame)
                        .isNotNull();
                answer.forEach(RpcAnswers::assertWellFormed);
                assertThat(RawSocket.parseFrame(answer.get(0)).path("error").path("code").asInt()).isLessThan(-32000);
            }
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"publishVideo\",\"params\":{\"sdpOffer\":1},\"id\":1}");
            assertThat(answerTo(socket, RpcFrames.JSON.getNodeFactory().numberNode(1)).path("error").path("code").asInt())
                    .isEqualTo(RpcException.NOT_JOINED);
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"noSuchMethod\",\"id\":2}");
            assertThat(answerTo(socket, RpcFrames.JSON.getNodeFactory().numberNode(2)).path("error").path("code").asInt())
                    .isEqualTo(RpcException.METHOD_NOT_FOUND);
            assertPingAnswered(socket);
            // Over vidgate.signaling.max-message-bytes (256 KiB by default; an SDP offer is ~10): the socket is closed.
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(300_000) + "\"},\"id\":3}");
            assertThat(socket.closed()).succeedsWithin(Duration.ofSeconds(5));
        }
        assertThat(logged.list).as("log events at ERROR").noneMatch(event -> event.getLevel() == Level.ERROR);
        assertThat(logged.list).as("log events with a stack trace")
                .allMatch(event -> event.getThrowableProxy() == null, logged.list.toString());
    }
}
