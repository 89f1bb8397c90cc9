package io.vidgate.broker.facts;

import io.vidgate.broker.facts.Fact.EndFact;
import io.vidgate.broker.facts.Fact.MediaServerLost;
import io.vidgate.broker.facts.Fact.MediaServerRecovered;
import io.vidgate.broker.facts.Fact.ParticipantJoined;
import io.vidgate.broker.facts.Fact.ParticipantLeft;
import io.vidgate.broker.facts.Fact.RecordingStatusChanged;
import io.vidgate.broker.facts.Fact.SessionFact;
import io.vidgate.broker.facts.Fact.SignalSent;
import io.vidgate.broker.facts.Fact.WebrtcConnection;
import io.vidgate.broker.facts.Fact.WebrtcConnectionCreated;
import io.vidgate.broker.facts.Fact.WebrtcConnectionDestroyed;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fact as the body of OpenVidu 2.32's webhook event of the same name: {@code event}, {@code timestamp},
 * {@code sessionId}, {@code uniqueSessionId} and the event's own fields, named and valued as openvidu-server's
 * {@code cdr} classes write them (the deprecated {@code participantId} included, which older backends read).
 */
public final class OpenViduEventJson {

    private OpenViduEventJson() {
    }

    public static ObjectNode of(Fact fact) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("event", fact.event());
        if (fact instanceof SessionFact session) {
            json.put("sessionId", session.sessionId());
            json.put("uniqueSessionId", session.uniqueSessionId());
        }
        json.put("timestamp", fact.timestamp());
        if (fact instanceof ParticipantJoined joined) {
            participant(json, joined.participant());
        } else if (fact instanceof ParticipantLeft left) {
            participant(json, left.participant());
        } else if (fact instanceof WebrtcConnectionCreated created) {
            connection(json, created.connection());
        } else if (fact instanceof WebrtcConnectionDestroyed destroyed) {
            connection(json, destroyed.connection());
        } else if (fact instanceof SignalSent signal) {
            signal(json, signal);
        } else if (fact instanceof MediaServerLost lost) {
            json.put("mediaServer", lost.mediaServer());
            json.put("why", lost.why());
            ArrayNode sessions = json.putArray("sessionIds");
            lost.sessionIds().forEach(sessions::add);
        } else if (fact instanceof MediaServerRecovered recovered) {
            json.put("mediaServer", recovered.mediaServer());
        } else if (fact instanceof RecordingStatusChanged changed) {
            recording(json, changed);
        }
        if (fact instanceof EndFact end) {
            json.put("startTime", end.startTime());
            json.put("duration", end.durationSeconds());
            json.put("reason", end.reason().wireName());
        }
        return json;
    }

    /**
     * {@link #of} followed by what Vidgate knows and OpenVidu CE does not say: {@code role} on participantJoined and
     * participantLeft. What webhooks and the CDR write; OpenVidu's fields are never renamed.
     */
    public static ObjectNode withVidgateFields(Fact fact) {
        ObjectNode json = of(fact);
        if (fact instanceof ParticipantJoined joined) {
            json.put("role", joined.participant().role().name());
        } else if (fact instanceof ParticipantLeft left) {
            json.put("role", left.participant().role().name());
        }
        return json;
    }

    private static void participant(ObjectNode json, Fact.Participant participant) {
        json.put("participantId", participant.connectionId());
        json.put("connectionId", participant.connectionId());
        json.put("location", participant.location());
        json.put("ip", participant.ip());
        json.put("platform", participant.platform());
        json.put("clientData", participant.clientData());
        json.put("serverData", participant.serverData());
    }

    private static void connection(ObjectNode json, WebrtcConnection connection) {
        json.put("streamId", connection.streamId());
        json.put("participantId", connection.connectionId());
        json.put("connectionId", connection.connectionId());
        if (connection.inbound()) {
            json.put("connection", "INBOUND");
            json.put("receivingFrom", connection.receivingFrom());
        } else {
            json.put("connection", "OUTBOUND");
        }
        if (connection.media().hasVideo()) {
            json.put("videoSource", connection.media().typeOfVideo());
            json.put("videoFramerate", connection.media().frameRate());
            json.put("videoDimensions", connection.media().videoDimensions());
        }
        json.put("audioEnabled", connection.media().hasAudio());
        json.put("videoEnabled", connection.media().hasVideo());
    }

    /** openvidu-server's CDREventRecordingStatusChanged: an end event whose duration is the recording's. */
    private static void recording(ObjectNode json, RecordingStatusChanged changed) {
        Fact.Recording recording = changed.recording();
        json.put("startTime", recording.createdAt());
        if (changed.reason() != null) {
            json.put("reason", changed.reason().wireName());
        }
        json.put("id", recording.id());
        json.put("name", recording.name());
        json.put("outputMode", recording.outputMode());
        if (recording.resolution() != null) {
            json.put("resolution", recording.resolution());
            json.put("frameRate", recording.frameRate());
            json.put("recordingLayout", recording.recordingLayout());
            if (recording.customLayout() != null && !recording.customLayout().isEmpty()) {
                json.put("customLayout", recording.customLayout());
            }
        }
        json.put("hasAudio", recording.hasAudio());
        json.put("hasVideo", recording.hasVideo());
        json.put("size", recording.size());
        json.put("duration", recording.durationSeconds());
        json.put("status", changed.status());
    }

    private static void signal(ObjectNode json, SignalSent signal) {
        json.put("from", signal.from());
        ArrayNode to = json.putArray("to");
        signal.to().forEach(to::add);
        json.put("type", signal.type());
        json.put("data", signal.data());
    }
}
