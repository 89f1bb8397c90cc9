package io.vidgate.gateway.edge;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * A data frame copied out of Netty's buffer at once: Reactor Netty releases the buffer after {@code onNext}, and the
 * frame is sent on another connection later. Ping and pong are hop-by-hop (each side's Netty answers its own pings)
 * and are not forwarded.
 */
record Frame(boolean text, byte[] payload) {

    /** Null for a ping or pong. */
    static Frame copyOf(WebSocketMessage message) {
        if (message.getType() != WebSocketMessage.Type.TEXT && message.getType() != WebSocketMessage.Type.BINARY) {
            return null;
        }
        DataBuffer buffer = message.getPayload();
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return new Frame(message.getType() == WebSocketMessage.Type.TEXT, bytes);
    }

    static Frame text(String text) {
        return new Frame(true, text.getBytes(StandardCharsets.UTF_8));
    }

    String asText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    WebSocketMessage toMessage(WebSocketSession session) {
        return text ? session.textMessage(asText())
                : session.binaryMessage(factory -> factory.wrap(payload));
    }
}
