package io.vidgate.broker.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.rpc.EndReason;

/**
 * A participant's link in tests that drive a {@link Room} directly: records what the room tells it, one line each
 * ({@code participantLeft <connectionId> <reason>}, {@code detach close=false}, …).
 */
public final class RecordingLink implements ParticipantLink {

    public final List<String> told = new CopyOnWriteArrayList<>();
    public final List<Signal> signals = new CopyOnWriteArrayList<>();

    @Override
    public void participantJoined(ConnectionSnapshot joined) {
        told.add("participantJoined " + joined.id());
    }

    @Override
    public void participantLeft(String connectionId, EndReason reason) {
        told.add("participantLeft " + connectionId + " " + reason.wireName());
    }

    @Override
    public void participantEvicted(String connectionId, EndReason reason) {
        told.add("participantEvicted " + connectionId + " " + reason.wireName());
    }

    @Override
    public void participantPublished(ConnectionSnapshot publisher) {
        told.add("participantPublished " + publisher.id());
    }

    @Override
    public void participantUnpublished(String connectionId, EndReason reason) {
        told.add("participantUnpublished " + connectionId + " " + reason.wireName());
    }

    @Override
    public void streamPropertyChanged(StreamPropertyChange change) {
        told.add("streamPropertyChanged " + change.streamId() + " " + change.property() + " " + change.newValue());
    }

    @Override
    public void signal(Signal signal) {
        signals.add(signal);
        told.add("signal " + signal.type() + " " + signal.data());
    }

    @Override
    public void iceCandidate(String senderConnectionId, String endpointName, String candidate, String sdpMid,
            int sdpMLineIndex) {
        told.add("iceCandidate " + endpointName);
    }

    @Override
    public void mediaError(String error) {
        told.add("mediaError");
    }

    @Override
    public void detach(boolean close) {
        told.add("detach close=" + close);
    }
}
