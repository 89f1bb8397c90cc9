package io.vidgate.broker.room;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.rpc.EndReason;

/** A {@link ParticipantLink} that records what the room tells it, one line per call ("left con_x disconnect"). */
public class RecordingLink implements ParticipantLink {

    private final List<String> told = new CopyOnWriteArrayList<>();

    /** Everything told so far, in order. */
    public List<String> told() {
        return List.copyOf(told);
    }

    @Override
    public void participantJoined(ConnectionSnapshot joined) {
        told.add("joined " + joined.id());
    }

    @Override
    public void participantLeft(String connectionId, EndReason reason) {
        told.add("left " + connectionId + " " + reason.wireName());
    }

    @Override
    public void participantEvicted(String connectionId, EndReason reason) {
        told.add("evicted " + connectionId + " " + reason.wireName());
    }

    @Override
    public void participantPublished(ConnectionSnapshot publisher) {
        told.add("published " + publisher.id());
    }

    @Override
    public void participantUnpublished(String connectionId, EndReason reason) {
        told.add("unpublished " + connectionId + " " + reason.wireName());
    }

    @Override
    public void streamPropertyChanged(StreamPropertyChange change) {
        told.add("changed " + change.streamId() + " " + change.property() + "=" + change.newValue());
    }

    @Override
    public void signal(Signal signal) {
        told.add("signal " + signal.type() + " " + signal.data() + " from " + signal.from());
    }

    @Override
    public void iceCandidate(String senderConnectionId, String endpointName, String candidate, String sdpMid,
            int sdpMLineIndex) {
        told.add("ice " + senderConnectionId + " " + endpointName);
    }

    @Override
    public void mediaError(String error) {
        told.add("mediaError");
    }

    @Override
    public void recordingStarted(String recordingId, String recordingName) {
        told.add("recordingStarted " + recordingId + " " + recordingName);
    }

    @Override
    public void recordingStopped(String recordingId, String recordingName, EndReason reason) {
        told.add("recordingStopped " + recordingId + " " + recordingName + " " + reason.wireName());
    }

    @Override
    public void detach(boolean close) {
        told.add(close ? "detach closing" : "detach");
    }
}
