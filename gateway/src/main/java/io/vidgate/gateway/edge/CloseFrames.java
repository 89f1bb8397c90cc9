package io.vidgate.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.springframework.web.reactive.socket.CloseStatus;

/** The bytes of a close frame the gateway adds to a relayed byte stream (RFC 6455 §5.5.1). */
final class CloseFrames {

    private static final int MAX_REASON_BYTES = 123;

    private CloseFrames() {
    }

    /**
     * @param masked true toward a server (the broker): frames a client sends are masked, with a random key
     */
    static ByteBuf of(CloseStatus status, boolean masked, ByteBufAllocator allocator) {
        byte[] reason = status.getReason() == null ? new byte[0] : status.getReason().getBytes(StandardCharsets.UTF_8);
        int reasonLength = Math.min(reason.length, MAX_REASON_BYTES); // a control frame carries at most 125 bytes
        int payloadLength = 2 + reasonLength;
        byte[] payload = new byte[payloadLength];
        payload[0] = (byte) (status.getCode() >> 8);
        payload[1] = (byte) status.getCode();
        System.arraycopy(reason, 0, payload, 2, reasonLength);
        ByteBuf frame = allocator.buffer(2 + (masked ? 4 : 0) + payloadLength);
        frame.writeByte(0x88); // FIN, close
        frame.writeByte((masked ? 0x80 : 0) | payloadLength);
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            frame.writeBytes(key);
            for (int i = 0; i < payloadLength; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        frame.writeBytes(payload);
        return frame;
    }
}
