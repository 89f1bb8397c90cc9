package io.vidgate.broker.admin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SessionEvents;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.broker.session.SubscriberSnapshot;

/** Stands where the signaling layer will: records what the registry reported. */
public class RecordedSessionEvents implements SessionEvents {

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<Signal> signals = new CopyOnWriteArrayList<>();

    @Override
    public void sessionClosed(SessionSnapshot closed, EndReason reason) {
        events.add("sessionClosed " + closed.id() + " " + reason.wireName() + " " + closed.activeConnections().size());
    }

    @Override
    public void connectionEvicted(ConnectionSnapshot evicted, EndReason reason) {
        events.add("connectionEvicted " + evicted.id() + " " + reason.wireName());
    }

    @Override
    public void streamUnpublished(String sessionId, PublisherSnapshot stream, List<SubscriberSnapshot> subscribers,
            EndReason reason) {
        events.add("streamUnpublished " + stream.streamId() + " " + reason.wireName() + " " + subscribers.size());
    }

    @Override
    public void signalSent(Signal signal, List<ConnectionSnapshot> recipients) {
        signals.add(signal);
        events.add("signalSent " + signal.sessionId() + " " + recipients.stream().map(ConnectionSnapshot::id).toList());
    }
}
