package io.vidgate.broker.cdr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.Fact.Participant;
import io.vidgate.broker.facts.Fact.WebrtcConnection;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook bodies openvidu-server 2.32.1 posted (test resources {@code openvidu-2.32.1-webhooks/*.jsonl}, raw, one
 * per line, as recorded by bench/webhook-order), and each as the {@link Fact} the broker emits for the same event, so
 * that what Vidgate writes for a fact is compared with what OpenVidu wrote for it.
 */
final class RecordedOpenViduBodies {

    static final List<String> SCENARIOS = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RecordedOpenViduBodies() {
    }

    /** The bodies of one scenario, exactly as posted, in the order posted. */
    static List<String> of(String scenario) throws IOException {
        try (InputStream in = RecordedOpenViduBodies.class
                .getResourceAsStream("/openvidu-2.32.1-webhooks/" + scenario + ".jsonl")) {
            if (in == null) {
                throw new IOException("no recording " + scenario);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                    .toList();
        }
    }

    /** Every recorded body of every scenario. */
    static List<String> all() throws IOException {
        List<String> bodies = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            bodies.addAll(of(scenario));
        }
        return bodies;
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /** The fact of a recorded body; participants are PUBLISHERs (OpenVidu's body does not say). */
    static Fact asFact(String body) {
        JsonNode event = json(body);
        String sessionId = event.get("sessionId").asString();
        String unique = event.get("uniqueSessionId").asString();
        long createdAt = Long.parseLong(unique.substring(unique.lastIndexOf('_') + 1));
        long timestamp = event.get("timestamp").asLong();
        String name = event.get("event").asString();
        switch (name) {
            case "sessionCreated":
                return new Fact.SessionCreated(sessionId, createdAt);
            case "sessionDestroyed":
                return new Fact.SessionDestroyed(sessionId, createdAt, timestamp, reason(event));
            case "participantJoined":
                return new Fact.ParticipantJoined(sessionId, createdAt, participant(event, timestamp));
            case "participantLeft":
                return new Fact.ParticipantLeft(sessionId, createdAt,
                        participant(event, event.get("startTime").asLong()), timestamp, reason(event));
            case "webrtcConnectionCreated":
                return new Fact.WebrtcConnectionCreated(sessionId, createdAt, connection(event, timestamp));
            case "webrtcConnectionDestroyed":
                return new Fact.WebrtcConnectionDestroyed(sessionId, createdAt,
                        connection(event, event.get("startTime").asLong()), timestamp, reason(event));
            case "signalSent":
                List<String> to = new ArrayList<>();
                event.get("to").forEach(id -> to.add(id.asString()));
                return new Fact.SignalSent(sessionId, createdAt, timestamp, event.get("from").asString(null), to,
                        event.get("type").asString(), event.get("data").asString());
            default:
                throw new IllegalArgumentException("not a recorded event: " + name);
        }
    }

    private static Participant participant(JsonNode event, long activeAt) {
        return new Participant(event.get("connectionId").asString(), activeAt, Role.PUBLISHER,
                event.get("location").asString(), event.get("ip").asString(), event.get("platform").asString(),
                event.get("clientData").asString(), event.get("serverData").asString());
    }

    private static WebrtcConnection connection(JsonNode event, long startTime) {
        boolean video = event.get("videoEnabled").asBoolean();
        MediaOptions media = new MediaOptions(event.get("audioEnabled").asBoolean(), video, true, true,
                video ? event.get("videoSource").asString() : null,
                video ? event.get("videoFramerate").asInt() : null,
                video ? event.get("videoDimensions").asString() : null);
        return new WebrtcConnection(event.get("streamId").asString(), event.get("connectionId").asString(),
                event.has("receivingFrom") ? event.get("receivingFrom").asString() : null, media, startTime);
    }

    private static EndReason reason(JsonNode event) {
        String wire = event.get("reason").asString();
        return Arrays.stream(EndReason.values()).filter(reason -> reason.wireName().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown reason " + wire));
    }
}
