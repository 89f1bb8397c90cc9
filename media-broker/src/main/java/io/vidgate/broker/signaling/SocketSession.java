package io.vidgate.broker.signaling;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.vidgate.broker.room.Room;
import io.vidgate.protocol.Role;
import reactor.core.publisher.Sinks;

/**
 * One client WebSocket: who joined on it (after {@code joinRoom}), when it last pinged, and its outbound frames.
 * Frames are queued on a sink drained by the socket, so responses and notifications from any thread (kurento-client
 * callbacks included) never block and keep one writer per socket. The queue is bounded ({@link OutboundQueue}): a
 * frame that does not fit closes the socket ({@link #overflowed()}), the client is not reading.
 */
public final class SocketSession {

    /**
     * NEW → JOINING (a {@code joinRoom} or {@code connect} claimed the socket, before anything asynchronous) →
     * JOINED; back to NEW when that join fails or the participant leaves. Claiming is one compare-and-set, so two
     * {@code joinRoom} sent back to back cannot both join (the loser would be a participant on no socket).
     */
    enum JoinState { NEW, JOINING, JOINED }

    private final String socketId;
    private final String clientIp;
    private final OutboundQueue queue;
    private final Sinks.Many<String> outbound;
    private final TokenBucket signals;
    private final AtomicLong lastSeenMillis;
    private final AtomicReference<JoinState> joinState = new AtomicReference<>(JoinState.NEW);
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Participant participant;
    private volatile Runnable closer = () -> { };
    private volatile Runnable onOverflow = () -> { };

    /**
     * Set by joinRoom (or {@code connect} on a new socket); null before.
     *
     * @param room         the participant's session
     * @param rpcSessionId the {@code sessionId} of the joinRoom answer: openvidu-browser sends it back in
     *                     {@code connect} to resume on a new socket, so it is unguessable
     * @param link         how the room reaches the participant, whichever socket it is on
     */
    public record Participant(Room room, String connectionId, Role role, String rpcSessionId, SocketLink link) {

        public String sessionId() {
            return room.id();
        }
    }

    /** Unbounded in practice (unit tests that drive methods directly). */
    SocketSession(String socketId, String clientIp, long nowMillis) {
        this(socketId, clientIp, nowMillis, new OutboundQueue(Integer.MAX_VALUE, Long.MAX_VALUE),
                new TokenBucket(Integer.MAX_VALUE, Integer.MAX_VALUE, System::nanoTime));
    }

    /**
     * @param clientIp the client's address as the gateway saw it ({@code X-Forwarded-For}); null when unknown
     * @param queue    where frames wait for the socket to drain
     * @param signals  this socket's {@code sendMessage} allowance
     */
    SocketSession(String socketId, String clientIp, long nowMillis, OutboundQueue queue, TokenBucket signals) {
        this.socketId = socketId;
        this.clientIp = clientIp;
        this.lastSeenMillis = new AtomicLong(nowMillis);
        this.queue = queue;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(queue);
        this.signals = signals;
    }

    public String socketId() {
        return socketId;
    }

    public String clientIp() {
        return clientIp;
    }

    public Participant participant() {
        return participant;
    }

    /** Claims the socket for a join; false when it is joined or joining already. */
    boolean claimForJoin() {
        return joinState.compareAndSet(JoinState.NEW, JoinState.JOINING);
    }

    /** The claimed join failed: the socket may join again. */
    void releaseJoin() {
        joinState.compareAndSet(JoinState.JOINING, JoinState.NEW);
    }

    /** The participant on this socket (null: it left, or moved to another socket). */
    void joined(Participant participant) {
        this.participant = participant;
        joinState.set(participant == null ? JoinState.NEW : JoinState.JOINED);
    }

    /** Whether the socket is gone (its close listeners have run or are running). */
    boolean isClosed() {
        return closed;
    }

    /** Whether the socket was closed because its client did not drain it. */
    public boolean overflowed() {
        return overflowed.get();
    }

    /** Frames waiting for the client to read them now, and the most that ever waited (metrics, tests). */
    public int queuedFrames() {
        return queue.size();
    }

    public long queuedBytes() {
        return queue.bytes();
    }

    public int peakQueuedFrames() {
        return queue.peakFrames();
    }

    /** Takes one signal from this socket's allowance; false when over the rate. */
    boolean allowSignal() {
        return signals.tryTake();
    }

    void seen(long nowMillis) {
        lastSeenMillis.set(nowMillis);
    }

    public long lastSeenMillis() {
        return lastSeenMillis.get();
    }

    /**
     * Queues a frame; false when the socket is gone, or the frame does not fit: then the client is not reading, and
     * the socket is closed ({@link #overflowed()}). Thread-safe.
     */
    public boolean send(String frame) {
        Sinks.EmitResult result;
        synchronized (outbound) {
            result = outbound.tryEmitNext(frame);
        }
        if (result == Sinks.EmitResult.FAIL_OVERFLOW && overflowed.compareAndSet(false, true)) {
            onOverflow.run();
        }
        return result.isSuccess();
    }

    void closer(Runnable closer) {
        this.closer = closer;
    }

    /** What closes the socket when a frame does not fit (set by the handler). */
    void onOverflow(Runnable onOverflow) {
        this.onOverflow = onOverflow;
    }

    /** The limits of {@link OutboundQueue}, for the close reason. */
    String queueLimits() {
        return queue.maxFrames() + " frames or " + queue.maxBytes() + " bytes";
    }

    /** Closes the WebSocket itself (eviction); the handler's close listeners run when it is gone. */
    public void closeSocket() {
        closer.run();
    }

    void close() {
        closed = true;
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    Sinks.Many<String> outbound() {
        return outbound;
    }
}
