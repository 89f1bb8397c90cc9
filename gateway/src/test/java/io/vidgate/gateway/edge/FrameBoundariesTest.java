package io.vidgate.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Frame headers found in raw bytes split anywhere, as TCP delivers them. */
class FrameBoundariesTest {

    /** A frame as a client sends it: masked (the key's value does not matter to the scanner). */
    private static byte[] frame(int opcode, boolean fin, int payloadLength) {
        int extended = payloadLength < 126 ? 0 : payloadLength < 65536 ? 2 : 8;
        byte[] frame = new byte[2 + extended + 4 + payloadLength];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (extended == 0) {
            frame[1] = (byte) (0x80 | payloadLength);
        } else if (extended == 2) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payloadLength >> 8);
            frame[3] = (byte) payloadLength;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int k = 0; k < 8; k++) {
                frame[2 + k] = (byte) ((long) payloadLength >> (8 * (7 - k)));
            }
        }
        return frame;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf all = Unpooled.buffer();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        byte[] bytes = new byte[all.readableBytes()];
        all.readBytes(bytes);
        return bytes;
    }

    /** Feeds {@code stream} in pieces of {@code chunk} bytes; answers the first violation's absolute offset, or -1. */
    private static long feed(FrameBoundaries boundaries, byte[] stream, int chunk) {
        for (int offset = 0; offset < stream.length; offset += chunk) {
            int length = Math.min(chunk, stream.length - offset);
            ByteBuf piece = Unpooled.buffer(length + 3);
            piece.writeBytes(new byte[3]).readerIndex(3); // a reader index that is not 0
            piece.writeBytes(stream, offset, length);
            int at = boundaries.scan(piece);
            if (at >= 0) {
                return offset + at - 3;
            }
        }
        return -1;
    }

    @Test
    void findsEveryBoundaryWhateverTheSplit() {
        byte[] stream = concat(frame(0x1, true, 5), frame(0x2, true, 300), frame(0x1, true, 70_000), frame(0x9, true, 0));
        for (int chunk : new int[] {1, 2, 3, 7, 13, 1000, stream.length}) {
            FrameBoundaries boundaries = new FrameBoundaries(100_000);
            assertThat(feed(boundaries, stream, chunk)).isEqualTo(-1);
            assertThat(boundaries.atBoundary()).as("chunk %d", chunk).isTrue();
            assertThat(boundaries.closeSeen()).isFalse();
        }
    }

    @Test
    void isNotAtABoundaryInsideAHeaderOrAPayload() {
        FrameBoundaries boundaries = new FrameBoundaries(0);
        byte[] frame = frame(0x1, true, 300);
        boundaries.scan(Unpooled.wrappedBuffer(frame, 0, 3));
        assertThat(boundaries.atBoundary()).isFalse();
        boundaries.scan(Unpooled.wrappedBuffer(frame, 3, 100));
        assertThat(boundaries.atBoundary()).isFalse();
        boundaries.scan(Unpooled.wrappedBuffer(frame, 103, frame.length - 103));
        assertThat(boundaries.atBoundary()).isTrue();
    }

    @Test
    void seesACloseFrameGoBy() {
        FrameBoundaries boundaries = new FrameBoundaries(0);
        feed(boundaries, concat(frame(0x1, true, 10), frame(0x8, true, 2)), 4);
        assertThat(boundaries.closeSeen()).isTrue();
    }

    @Test
    void pointsAtTheFrameThatTakesAFragmentedMessageOverTheLimit() {
        byte[] first = frame(0x1, false, 400);
        byte[] second = frame(0x0, false, 400);
        byte[] third = frame(0x0, true, 400);
        byte[] stream = concat(frame(0x1, true, 900), first, second, third);
        FrameBoundaries boundaries = new FrameBoundaries(1000);
        long at = feed(boundaries, stream, stream.length);
        assertThat(at).as("the 900-byte message fits; the third fragment makes 1,200")
                .isEqualTo(stream.length - third.length);
        assertThat(boundaries.violationStartedHere()).isTrue();
    }

    @Test
    void controlFramesBetweenFragmentsDoNotCountOrReset() {
        byte[] stream = concat(frame(0x1, false, 600), frame(0x9, true, 100), frame(0x0, true, 600));
        assertThat(feed(new FrameBoundaries(1000), stream, 50)).isEqualTo(stream.length - (2 + 2 + 4 + 600));
        assertThat(feed(new FrameBoundaries(1300), stream, 50)).isEqualTo(-1);
    }

    @Test
    void aHeaderSplitAcrossReadsIsReportedAsStartedEarlier() {
        byte[] stream = concat(frame(0x1, true, 10), frame(0x2, true, 5000));
        FrameBoundaries boundaries = new FrameBoundaries(1000);
        int cut = frame(0x1, true, 10).length + 1; // one byte of the big frame's header in the first read
        assertThat(boundaries.scan(Unpooled.wrappedBuffer(stream, 0, cut))).isEqualTo(-1);
        assertThat(boundaries.scan(Unpooled.wrappedBuffer(stream, cut, stream.length - cut))).isZero();
        assertThat(boundaries.violationStartedHere()).isFalse();
    }
}
