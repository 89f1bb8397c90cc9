package io.vidgate.broker.signaling;

import java.util.concurrent.atomic.AtomicLong;

import io.vidgate.protocol.Role;
import reactor.core.publisher.Sinks;

/**
 * One client WebSocket: who joined on it (after {@code joinRoom}), when it last pinged, and its outbound frames.
 * Frames are queued on a sink drained by the socket, so responses and notifications from any thread (kurento-client
 * callbacks included) never block and keep one writer per socket.
 */
public final class SocketSession {

    private final String socketId;
    private final String clientIp;
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final AtomicLong lastSeenMillis;
    private volatile Participant participant;
    private volatile Runnable closer = () -> { };

    /**
     * Set by joinRoom (or {@code connect} on a new socket); null before.
     *
     * @param rpcSessionId the {@code sessionId} of the joinRoom answer: openvidu-browser sends it back in
     *                     {@code connect} to resume on a new socket, so it is unguessable
     */
    public record Participant(String sessionId, String connectionId, Role role, String rpcSessionId) {
    }

    /** @param clientIp the client's address as the gateway saw it ({@code X-Forwarded-For}); null when unknown */
    SocketSession(String socketId, String clientIp, long nowMillis) {
        this.socketId = socketId;
        this.clientIp = clientIp;
        this.lastSeenMillis = new AtomicLong(nowMillis);
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

    void joined(Participant participant) {
        this.participant = participant;
    }

    void seen(long nowMillis) {
        lastSeenMillis.set(nowMillis);
    }

    public long lastSeenMillis() {
        return lastSeenMillis.get();
    }

    /** Queues a frame; false when the socket is gone. Thread-safe. */
    public boolean send(String frame) {
        synchronized (outbound) {
            return outbound.tryEmitNext(frame).isSuccess();
        }
    }

    void closer(Runnable closer) {
        this.closer = closer;
    }

    /** Closes the WebSocket itself (eviction); the handler's close listeners run when it is gone. */
    public void closeSocket() {
        closer.run();
    }

    void close() {
        synchronized (outbound) {
            outbound.tryEmitComplete();
        }
    }

    Sinks.Many<String> outbound() {
        return outbound;
    }
}
