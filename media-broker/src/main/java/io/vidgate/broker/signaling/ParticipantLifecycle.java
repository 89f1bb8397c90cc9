package io.vidgate.broker.signaling;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vidgate.broker.room.Rooms;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.JsonRpcError;
import io.vidgate.protocol.rpc.OpenViduMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a joined participant leaves without saying so, and how it comes back:
 * <ul>
 *   <li>a socket silent for {@code ping-timeout} is closed and its participant evicted at once;</li>
 *   <li>a socket that dies keeps its participant for {@code reconnect-grace}: openvidu-browser reconnects and sends
 *       {@code connect} {sessionId: the RPC session id, reconnect: true}, which moves the participant, with its
 *       media, onto the new socket; after the grace period it is evicted ({@code networkDisconnect});</li>
 *   <li>a socket closed because its client did not read ({@link SocketSession#overflowed()}) is evicted at once,
 *       without the grace: the frames it did not read were dropped, so a resumed client would hold a view of the
 *       session that silently lost notifications (docs/decisions.md).</li>
 * </ul>
 * Eviction is the room's {@code leave} with {@code networkDisconnect}. A participant within its grace is still in its
 * session (which therefore stays open).
 */
final class ParticipantLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParticipantLifecycle.class);

    private final Rooms rooms;
    private final OpenViduSignalingHandler handler;
    private final SignalingProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vidgate-participant-lifecycle");
        thread.setDaemon(true);
        return thread;
    });

    ParticipantLifecycle(Rooms rooms, OpenViduSignalingHandler handler, SignalingProperties properties) {
        this.rooms = rooms;
        this.handler = handler;
        this.properties = properties;
    }

    void start() {
        handler.register(OpenViduMethods.CONNECT, false, this::connect);
        handler.addCloseListener(this::socketClosed);
        long period = Math.max(200, properties.pingTimeout().toMillis() / 10);
        timer.scheduleWithFixedDelay(this::evictSilent, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void evictSilent() {
        try {
            for (SocketSession socket : handler.closeSilent(properties.pingTimeout())) {
                SocketSession.Participant participant = socket.participant();
                if (participant != null) {
                    log.info("Participant {} of session {} sent nothing for {}: evicted", participant.connectionId(),
                            participant.sessionId(), properties.pingTimeout());
                    evict(participant, socket);
                }
            }
        } catch (RuntimeException failed) {
            log.warn("The silent-socket check failed", failed);
        }
    }

    private void socketClosed(SocketSession socket) {
        SocketSession.Participant participant = socket.participant();
        if (participant == null || participant.link().socket() != socket) {
            return; // never joined, left, was evicted, or resumed on another socket already
        }
        if (socket.overflowed()) {
            log.info("Participant {} of session {} did not read its socket: evicted", participant.connectionId(),
                    participant.sessionId());
            evict(participant, socket);
            return;
        }
        timer.schedule(() -> {
            if (evict(participant, socket)) {
                log.info("Participant {} of session {} did not reconnect within {}: evicted",
                        participant.connectionId(), participant.sessionId(), properties.reconnectGrace());
            }
        }, properties.reconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Evicts the participant if it is still on {@code socket}; a participant that resumed on another socket is left
     * alone. The link's lock keeps a resume from moving it in between.
     */
    private boolean evict(SocketSession.Participant participant, SocketSession socket) {
        SocketLink link = participant.link();
        synchronized (link) {
            return link.socket() == socket
                    && participant.room().leaveIfOn(participant.connectionId(), link, EndReason.NETWORK_DISCONNECT);
        }
    }

    /** {sessionId: RPC session id, reconnect: true} on a new socket ⇒ {sessionId}: the participant moves here. */
    Mono<JsonNode> connect(SocketSession socket, RpcRequest request) {
        // Parameters first: a malformed one throws, and must not leave the socket claimed (it could join no more).
        String rpcSessionId = request.optionalString(OpenViduMethods.ConnectParams.SESSION_ID);
        if (!socket.claimForJoin()) {
            throw new RpcException(RpcException.GENERIC, "This socket is joined already");
        }
        SocketLink link = rooms.roomOfResumeId(rpcSessionId)
                .flatMap(room -> room.linkOf(rpcSessionId))
                .map(SocketLink.class::cast)
                .orElse(null);
        SocketSession.Participant participant = link == null ? null : link.participant();
        if (participant == null) {
            socket.releaseJoin();
            throw new RpcException(JsonRpcError.RECONNECTION.code(), JsonRpcError.RECONNECTION.message());
        }
        socket.joined(participant);
        SocketSession previous;
        synchronized (link) {
            previous = link.moveTo(socket);
        }
        if (previous != null && previous != socket) {
            previous.joined(null); // its close must not evict the participant that now lives here
            previous.closeSocket();
        }
        log.info("Participant {} of session {} resumed on a new socket", participant.connectionId(),
                participant.sessionId());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put(OpenViduMethods.JoinRoomResult.SESSION_ID, participant.rpcSessionId());
        return Mono.just(result);
    }
}
