package io.vidgate.gateway.edge;

import io.netty.buffer.ByteBuf;

/**
 * Follows RFC 6455 frame boundaries in a byte stream the relay forwards without decoding: it reads only the frame
 * headers, never copies or unmasks a payload. The relay needs three facts from it: whether the stream is between
 * frames (only there can the gateway put a close frame of its own), whether a close frame went by (then the peer's
 * close ends the socket, and the gateway adds none), and whether a message grows over the size limit.
 */
final class FrameBoundaries {

    private static final int MAX_HEADER = 14;
    private static final int OPCODE_CONTINUATION = 0x0;
    private static final int OPCODE_CLOSE = 0x8;

    private final long maxMessageBytes;
    private final byte[] header = new byte[MAX_HEADER];
    private int headerHave;
    private long payloadLeft;
    private long messageBytes;
    private boolean closeSeen;
    private boolean violationStartedHere;

    /** @param maxMessageBytes the largest data message (all its fragments); 0 for no limit */
    FrameBoundaries(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Reads the headers in the readable bytes of {@code buffer}, without moving its indexes.
     *
     * @return the index in {@code buffer} where the frame that takes a message over the limit starts (0 when its
     *         header began in an earlier buffer), or -1 when every frame is within it
     */
    int scan(ByteBuf buffer) {
        int i = buffer.readerIndex();
        int end = buffer.writerIndex();
        while (i < end) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, end - i);
                payloadLeft -= skip;
                i += skip;
                continue;
            }
            int frameStart = i - headerHave; // before readerIndex when the header began in an earlier buffer
            while (i < end && headerHave < headerLength()) {
                header[headerHave++] = buffer.getByte(i++);
            }
            if (headerHave < headerLength()) {
                break; // the rest of the header comes with the next read
            }
            headerHave = 0;
            int opcode = header[0] & 0x0F;
            boolean fin = (header[0] & 0x80) != 0;
            payloadLeft = payloadLength();
            if (opcode == OPCODE_CLOSE) {
                closeSeen = true;
            } else if (opcode < OPCODE_CLOSE) { // text, binary or continuation: part of a data message
                messageBytes = (opcode == OPCODE_CONTINUATION ? messageBytes : 0) + payloadLeft;
                if (maxMessageBytes > 0 && messageBytes > maxMessageBytes) {
                    violationStartedHere = frameStart >= buffer.readerIndex();
                    return Math.max(frameStart, buffer.readerIndex());
                }
                if (fin) {
                    messageBytes = 0;
                }
            }
        }
        return -1;
    }

    /** After {@link #scan} found a message over the limit: whether that frame's header began in the scanned buffer. */
    boolean violationStartedHere() {
        return violationStartedHere;
    }

    /** The stream was cut at a frame's start: nothing of that frame went on. */
    void reset() {
        headerHave = 0;
        payloadLeft = 0;
        messageBytes = 0;
    }

    /** No frame is half written: a frame of the gateway's own may go next. */
    boolean atBoundary() {
        return payloadLeft == 0 && headerHave == 0;
    }

    boolean closeSeen() {
        return closeSeen;
    }

    /** The header's full length once its second byte is known (2 until then). */
    private int headerLength() {
        if (headerHave < 2) {
            return 2;
        }
        int length7 = header[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        boolean masked = (header[1] & 0x80) != 0;
        return 2 + extended + (masked ? 4 : 0);
    }

    private long payloadLength() {
        int length7 = header[1] & 0x7F;
        if (length7 < 126) {
            return length7;
        }
        long length = 0;
        int bytes = length7 == 126 ? 2 : 8;
        for (int k = 0; k < bytes; k++) {
            length = (length << 8) | (header[2 + k] & 0xFF);
        }
        return length < 0 ? Long.MAX_VALUE : length; // a 64-bit length with its top bit set is invalid: over any limit
    }
}
