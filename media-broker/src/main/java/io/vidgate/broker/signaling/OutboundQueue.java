package io.vidgate.broker.signaling;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The frames waiting for one socket to drain, bounded by count and by bytes: {@link #offer} refuses a frame that
 * would cross either bound, which the socket's sink reports as an overflow. A client that stops reading (a frozen
 * tab, or one that floods signals and never reads the answers) must not grow the broker's heap: the gateway applies
 * backpressure, so without a bound the queue builds here. One producer at a time (the socket's sink is guarded) and
 * one consumer (the socket's writer).
 */
final class OutboundQueue extends AbstractQueue<String> {

    private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    private final int maxFrames;
    private final long maxBytes;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger peakFrames = new AtomicInteger();

    OutboundQueue(int maxFrames, long maxBytes) {
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean offer(String frame) {
        long size = utf8Length(frame);
        if (count.get() + 1 > maxFrames || bytes.get() + size > maxBytes) {
            return false;
        }
        bytes.addAndGet(size);
        peakFrames.accumulateAndGet(count.incrementAndGet(), Math::max);
        frames.offer(frame);
        return true;
    }

    @Override
    public String poll() {
        String frame = frames.poll();
        if (frame != null) {
            count.decrementAndGet();
            bytes.addAndGet(-utf8Length(frame));
        }
        return frame;
    }

    @Override
    public String peek() {
        return frames.peek();
    }

    @Override
    public int size() {
        return count.get();
    }

    @Override
    public boolean isEmpty() {
        return frames.isEmpty();
    }

    @Override
    public Iterator<String> iterator() {
        return frames.iterator();
    }

    /** Bytes of the frames waiting, as they go on the wire (UTF-8). */
    long bytes() {
        return bytes.get();
    }

    /** The most frames that ever waited at once. */
    int peakFrames() {
        return peakFrames.get();
    }

    int maxFrames() {
        return maxFrames;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The frame's UTF-8 size without encoding it. */
    static long utf8Length(String frame) {
        long length = 0;
        for (int i = 0; i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < frame.length()
                    && Character.isLowSurrogate(frame.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
