package io.vidgate.broker.signaling;

import java.util.List;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.SessionEvents;
import io.vidgate.broker.session.Signal;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * DRAFT (issue 6): the registry's {@link SessionEvents} seam, implemented by the signaling layer. So far only
 * {@link #signalSent} (REST {@code POST /signal} and clients' {@code sendMessage} alike); still to do: sessionClosed,
 * connectionEvicted, streamUnpublished (notify + release through {@code MediaMethods.releaseParticipant}). To become the
 * registry's bean instead of {@code SessionEvents.NONE}.
 */
final class SignalingSessionEvents implements SessionEvents {

    private final ParticipantDirectory directory;
    private final OpenViduSignalingHandler handler;

    SignalingSessionEvents(ParticipantDirectory directory, OpenViduSignalingHandler handler) {
        this.directory = directory;
        this.handler = handler;
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
            SocketSession socket = directory.socketOf(signal.sessionId(), recipient.id());
            if (socket != null) {
                handler.notify(socket, "sendMessage", params);
            }
        }
    }
}
