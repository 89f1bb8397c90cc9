package io.vidgate.broker.signaling;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.broker.session.SessionRegistry;
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
 * Eviction removes the connection, releases every Kurento object the participant caused (the pipeline with the last
 * participant) and tells the others {@code participantLeft}.
 */
final class ParticipantLifecycle implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParticipantLifecycle.class);

    /** What openvidu-browser's reconnection code recognises as "this server does not know you" (OpenVidu.js). */
    static final int RECONNECTION_ERROR = 40007;

    private final SessionRegistry registry;
    private final ParticipantDirectory directory;
    private final MediaMethods media;
    private final OpenViduSignalingHandler handler;
    private final SignalingProperties properties;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vidgate-participant-lifecycle");
        thread.setDaemon(true);
        return thread;
    });

    ParticipantLifecycle(SessionRegistry registry, ParticipantDirectory directory, MediaMethods media,
            OpenViduSignalingHandler handler, SignalingProperties properties) {
        this.registry = registry;
        this.directory = directory;
        this.media = media;
        this.handler = handler;
        this.properties = properties;
    }

    void start() {
        handler.register("connect", false, this::connect);
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
                    evict(participant, socket, EndReason.NETWORK_DISCONNECT);
                }
            }
        } catch (RuntimeException failed) {
            log.warn("The silent-socket check failed", failed);
        }
    }

    private void socketClosed(SocketSession socket) {
        SocketSession.Participant participant = socket.participant();
        if (participant == null || directory.socketOf(participant.sessionId(), participant.connectionId()) != socket) {
            return; // never joined, left, was evicted, or resumed on another socket already
        }
        if (socket.overflowed()) {
            log.info("Participant {} of session {} did not read its socket: evicted", participant.connectionId(),
                    participant.sessionId());
            evict(participant, socket, EndReason.NETWORK_DISCONNECT);
            return;
        }
        timer.schedule(() -> {
            if (directory.socketOf(participant.sessionId(), participant.connectionId()) == socket) {
                log.info("Participant {} of session {} did not reconnect within {}: evicted",
                        participant.connectionId(), participant.sessionId(), properties.reconnectGrace());
                evict(participant, socket, EndReason.NETWORK_DISCONNECT);
            }
        }, properties.reconnectGrace().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Evicts the participant if it is still on {@code socket}; a resumed participant is left alone. */
    private void evict(SocketSession.Participant participant, SocketSession socket, EndReason reason) {
        if (!directory.removeIfOn(participant.sessionId(), participant.connectionId(), socket)) {
            return;
        }
        registry.removeConnection(participant.sessionId(), participant.connectionId());
        ObjectNode left = JsonNodeFactory.instance.objectNode();
        left.put("connectionId", participant.connectionId());
        left.put("reason", reason.wireName());
        directory.notifyOthers(participant.sessionId(), participant.connectionId(), "participantLeft", left);
        media.releaseParticipant(participant.sessionId(), participant.connectionId())
                .subscribe(null, failed -> log.warn("Releasing the media of {} failed", participant.connectionId(), failed));
    }

    /** {sessionId: RPC session id, reconnect: true} on a new socket ⇒ {sessionId}: the participant moves here. */
    Mono<JsonNode> connect(SocketSession socket, RpcRequest request) {
        // Parameters first: a malformed one throws, and must not leave the socket claimed (it could join no more).
        String rpcSessionId = request.optionalString("sessionId");
        if (!socket.claimForJoin()) {
            throw new RpcException(RpcException.GENERIC, "This socket is joined already");
        }
        SocketSession.Participant participant = directory.byRpcSessionId(rpcSessionId);
        if (participant == null || registry.connection(participant.sessionId(), participant.connectionId()).isEmpty()) {
            socket.releaseJoin();
            throw new RpcException(RECONNECTION_ERROR, "reconnection error");
        }
        socket.joined(participant);
        SocketSession previous = directory.add(participant, socket);
        if (previous != null && previous != socket) {
            previous.joined(null); // its close must not evict the participant that now lives here
            previous.closeSocket();
        }
        log.info("Participant {} of session {} resumed on a new socket", participant.connectionId(),
                participant.sessionId());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("sessionId", participant.rpcSessionId());
        return Mono.just(result);
    }
}
