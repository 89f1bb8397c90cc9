package io.vidgate.broker.signaling;

import java.util.List;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SessionEvents;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.broker.session.SubscriberSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry's {@link SessionEvents}, implemented by the signaling layer: what the REST API and moderators change
 * by force reaches the participants (with OpenVidu's notification names and reasons) and releases the media.
 */
final class SignalingSessionEvents implements SessionEvents {

    private static final Logger log = LoggerFactory.getLogger(SignalingSessionEvents.class);

    private final ParticipantDirectory directory;
    private final MediaMethods media;

    SignalingSessionEvents(ParticipantDirectory directory, MediaMethods media) {
        this.directory = directory;
        this.media = media;
    }

    /** Each active participant gets {@code participantEvicted}; the pipeline goes with the last release. */
    @Override
    public void sessionClosed(SessionSnapshot closed, EndReason reason) {
        for (ConnectionSnapshot connection : closed.connections()) {
            if (connection.isActive()) {
                evict(connection, reason, false);
            }
        }
    }

    /** The evicted participant gets {@code participantEvicted}, the others {@code participantLeft}. */
    @Override
    public void connectionEvicted(ConnectionSnapshot evicted, EndReason reason) {
        evict(evicted, reason, true);
    }

    private void evict(ConnectionSnapshot connection, EndReason reason, boolean tellOthers) {
        ObjectNode params = reason(connection.id(), reason);
        directory.notify(connection.sessionId(), connection.id(), "participantEvicted", params);
        SocketSession socket = directory.socketOf(connection.sessionId(), connection.id());
        directory.remove(connection.sessionId(), connection.id());
        if (socket != null) {
            socket.joined(null); // openvidu-browser closes the socket itself; nothing is left to evict then
        }
        if (tellOthers) {
            directory.notifyOthers(connection.sessionId(), connection.id(), "participantLeft", params);
        }
        release(media.releaseParticipant(connection.sessionId(), connection.id()), connection.id());
    }

    /** Everyone in the session, the publisher included, gets {@code participantUnpublished}. */
    @Override
    public void streamUnpublished(String sessionId, PublisherSnapshot stream, List<SubscriberSnapshot> subscribers,
            EndReason reason) {
        release(media.releaseStream(sessionId, stream.streamId()), stream.streamId());
        directory.notifyOthers(sessionId, null, "participantUnpublished", reason(stream.connectionId(), reason));
    }

    /** {@code sendMessage} {data, from, type} to each recipient; {@code from} absent when the server sent it. */
    @Override
    public void signalSent(Signal signal, List<ConnectionSnapshot> recipients) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("data", signal.data() == null ? "" : signal.data());
        if (signal.from() != null) {
            params.put("from", signal.from());
        }
        params.put("type", signal.type() == null ? "signal" : signal.type());
        for (ConnectionSnapshot recipient : recipients) {
            directory.notify(signal.sessionId(), recipient.id(), "sendMessage", params);
        }
    }

    private static ObjectNode reason(String connectionId, EndReason reason) {
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.put("connectionId", connectionId);
        params.put("reason", reason.wireName());
        return params;
    }

    private static void release(Mono<Void> release, String what) {
        release.subscribe(null, failed -> log.warn("Releasing the media of {} failed", what, failed));
    }
}
