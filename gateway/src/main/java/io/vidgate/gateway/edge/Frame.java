package io.vidgate.gateway.edge;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketMessage;

/**
 * A data frame that reached the edge's reactive path (the first frames, before the relay takes over), copied out of
 * Netty's buffer at once: Reactor Netty releases the buffer after {@code onNext}, and the frame may be sent on the
 * broker's connection later. Ping and pong are hop-by-hop (each side's Netty answers its own pings)
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

    /** The same frame for a Netty channel, the payload wrapped as it came (no UTF-8 decoding and re-encoding). */
    WebSocketFrame toNetty() {
        return text ? new TextWebSocketFrame(Unpooled.wrappedBuffer(payload))
                : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload));
    }
}
