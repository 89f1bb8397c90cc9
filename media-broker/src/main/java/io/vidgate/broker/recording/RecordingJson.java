package io.vidgate.broker.recording;

import io.vidgate.broker.recording.Recording.Status;
import io.vidgate.protocol.rpc.EndReason;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A recording as openvidu-server 2.32's {@code Recording.toJson} writes it (the fields, their order, {@code url}
 * always present — openvidu-java-client reads it with {@code isJsonNull()} and fails when it is missing), and the
 * metadata file ({@code .recording.<id>}) that lists the recording again after a restart: the same JSON plus what
 * OpenVidu keeps elsewhere.
 */
public final class RecordingJson {

    private RecordingJson() {
    }

    /** @param url where it is downloaded; null until it is ready or failed (as OpenVidu's) */
    public static ObjectNode toJson(Recording recording, String url) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", recording.id());
        json.put("object", "recording");
        json.put("name", recording.name());
        json.put("outputMode", recording.outputMode());
        if (recording.resolution() != null) {
            json.put("resolution", recording.resolution());
            json.put("frameRate", recording.frameRate());
            json.put("recordingLayout", recording.recordingLayout());
            if ("CUSTOM".equals(recording.recordingLayout())) {
                json.put("customLayout", recording.customLayout());
            }
        }
        json.put("sessionId", recording.sessionId());
        json.put("createdAt", recording.createdAt());
        json.put("size", recording.size());
        json.put("duration", recording.duration());
        json.put("url", url);
        json.put("hasAudio", recording.hasAudio());
        json.put("hasVideo", recording.hasVideo());
        json.put("status", recording.status().name());
        return json;
    }

    static ObjectNode metadata(Recording recording) {
        ObjectNode json = toJson(recording, null);
        json.remove("url");
        json.put("sessionCreatedAt", recording.sessionCreatedAt());
        if (recording.ignoreFailedStreams() != null) {
            json.put("ignoreFailedStreams", recording.ignoreFailedStreams());
        }
        if (recording.reason() != null) {
            json.put("reason", recording.reason().wireName());
        }
        if (recording.failure() != null) {
            json.put("failure", recording.failure());
        }
        return json;
    }

    /** @throws IllegalArgumentException when a field is missing or wrong */
    static Recording fromMetadata(JsonNode json) {
        try {
            boolean composedVideo = json.hasNonNull("resolution");
            return new Recording(text(json, "id"), text(json, "name"), text(json, "outputMode"),
                    text(json, "sessionId"), json.path("sessionCreatedAt").asLong(0),
                    required(json, "createdAt").asLong(), required(json, "size").asLong(),
                    required(json, "duration").asDouble(), required(json, "hasAudio").asBoolean(),
                    required(json, "hasVideo").asBoolean(), Status.valueOf(text(json, "status")),
                    composedVideo ? text(json, "resolution") : null,
                    composedVideo ? required(json, "frameRate").asInt() : null,
                    composedVideo ? text(json, "recordingLayout") : null,
                    json.hasNonNull("customLayout") ? text(json, "customLayout") : null,
                    json.hasNonNull("ignoreFailedStreams") ? json.get("ignoreFailedStreams").asBoolean() : null,
                    json.hasNonNull("reason") ? reason(text(json, "reason")) : null,
                    json.hasNonNull("failure") ? text(json, "failure") : null);
        } catch (RuntimeException wrong) {
            throw new IllegalArgumentException("not a recording's metadata: " + wrong.getMessage(), wrong);
        }
    }

    private static EndReason reason(String wireName) {
        for (EndReason reason : EndReason.values()) {
            if (reason.wireName().equals(wireName)) {
                return reason;
            }
        }
        return null; // a reason a later version wrote: the recording is still listed
    }

    private static String text(JsonNode json, String field) {
        return required(json, field).asString();
    }

    private static JsonNode required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
        return value;
    }
}
