package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vidgate.gateway.RawConnection;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.SessionIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A client's broken WebSocket frames are the client's mistake: the socket is closed, and the log gets at most a short
 * line — never an ERROR or a stack trace, which anyone could otherwise print by the thousand without a token.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=bad-frames-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class BadFramesLoggingTest extends AgainstRecordingBroker {

    /** Frames a client must not send (RFC 6455 §5); a zero mask key leaves payloads as written. */
    static final Map<String, byte[]> BAD_FRAMES = Map.of(
            "invalid UTF-8 in a text frame", bytes(0x81, 0x82, 0, 0, 0, 0, 0xC3, 0x28),
            "reserved bits set", bytes(0xF1, 0x82, 0, 0, 0, 0, 'h', 'i'),
            "reserved opcode", bytes(0x83, 0x82, 0, 0, 0, 0, 'h', 'i'),
            "unmasked client frame", bytes(0x81, 0x02, 'h', 'i'),
            "fragmented control frame", bytes(0x09, 0x80, 0, 0, 0, 0),
            "continuation without a start", bytes(0x80, 0x82, 0, 0, 0, 0, 'h', 'i'),
            "close with an invalid code", bytes(0x88, 0x82, 0, 0, 0, 0, 0x03, 0xE7));

    /**
     * The ones Netty's decoder refuses. The other two decode (Reactor Netty allows extensions, so reserved bits pass;
     * text is not checked for UTF-8): before joinRoom they are refused as not a joinRoom, once piped they are relayed.
     */
    static final List<String> PROTOCOL_ERRORS = List.of("reserved opcode", "unmasked client frame",
            "fragmented control frame", "continuation without a start", "close with an invalid code");

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logged);
    }

    @Test
    void aBadFrameBeforeJoinRoomClosesTheSocketWithoutAnErrorOrAStackTrace() throws Exception {
        for (Map.Entry<String, byte[]> bad : BAD_FRAMES.entrySet()) {
            try (RawConnection client = upgraded("")) {
                client.write(latin1(bad.getValue()));
                assertThat(client.awaitClosedByServer(Duration.ofSeconds(10))).as(bad.getKey()).isNotNull();
            }
        }
        assertNothingLoudWasLogged();
    }

    @Test
    void aBadFrameOnAPipedSocketClosesItAndItsBrokerSocketWithoutAnErrorOrAStackTrace() throws Exception {
        for (Map.Entry<String, byte[]> bad : BAD_FRAMES.entrySet()) {
            if (!PROTOCOL_ERRORS.contains(bad.getKey())) {
                continue;
            }
            String session = SessionIds.generate();
            broker.received.clear();
            try (RawConnection client = upgraded("?sessionId=" + session)) {
                client.write(latin1(maskedText(EdgeFrames.joinRoom(1,
                        EdgeFrames.tokenUrl(issuer, port, session, Role.SUBSCRIBER), session))));
                assertThat(broker.received.poll(10, TimeUnit.SECONDS)).as("joinRoom piped").contains("joinRoom");
                int piped = broker.lastConnection();
                client.write(latin1(bad.getValue()));
                assertThat(client.awaitClosedByServer(Duration.ofSeconds(10))).as(bad.getKey()).isNotNull();
                assertThat(broker.closeCodeOf(piped)).as(bad.getKey() + ": the broker socket is closed too").isPositive();
            }
        }
        assertNothingLoudWasLogged();
    }

    private RawConnection upgraded(String query) throws Exception {
        RawConnection client = RawConnection.open(port);
        client.write("GET /openvidu" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(client.readResponse()).startsWith("HTTP/1.1 101");
        return client;
    }

    private void assertNothingLoudWasLogged() throws Exception {
        // What is logged on the event loop after the close is logged by now: the next connection's handshake above
        // went through the same loops. One more round trip makes sure of the last one.
        try (RawConnection last = RawConnection.open(port)) {
            last.get("/no/such/path");
        }
        List<ILoggingEvent> loud = logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN) || event.getThrowableProxy() != null)
                .toList();
        assertThat(loud).as(() -> loud.stream().map(event -> event.getLevel() + " " + event.getLoggerName() + ": "
                + event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                        : " / " + event.getThrowableProxy().getClassName())).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** A masked text frame with a zero mask key (so the payload goes as is), as short as its length allows. */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.writeBytes(new byte[4]);
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
