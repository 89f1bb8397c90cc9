package io.vidgate.broker.admin;

import java.util.List;
import java.util.function.Predicate;

import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.IceServer;
import io.vidgate.broker.session.KurentoOptions;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.RecordingDefaults;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.broker.session.SubscriberSnapshot;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Session and Connection objects in openvidu-server 2.32's JSON shapes. openvidu-java-client reads these with
 * {@code json.get(field).getAs…()}, so a field it reads must be present (JSON null where OpenVidu writes null) or it
 * fails with a NullPointerException; {@code connectionId} and {@code sessionId} are deprecated duplicates of
 * {@code id} that it still reads.
 */
final class OpenViduJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenViduJson() {
    }

    /** @param recorded whether a session is being recorded, by id */
    static ObjectNode sessionList(List<SessionSnapshot> sessions, boolean withPending, Predicate<String> recorded) {
        ObjectNode list = NODES.objectNode();
        list.put("numberOfElements", sessions.size());
        ArrayNode content = list.putArray("content");
        sessions.forEach(session -> content.add(session(session, withPending, recorded.test(session.id()))));
        return list;
    }

    /**
     * @param withPending include connections nobody has joined with yet (OpenVidu's {@code pendingConnections})
     * @param recording   its recording is starting or started
     */
    static ObjectNode session(SessionSnapshot session, boolean withPending, boolean recording) {
        SessionProperties properties = session.properties();
        ObjectNode json = NODES.objectNode();
        json.put("id", session.id());
        json.put("object", "session");
        json.put("sessionId", session.id());
        json.put("createdAt", session.createdAt());
        json.put("recording", recording);
        json.put("broadcasting", false);
        json.put("mediaMode", properties.mediaMode().name());
        json.put("recordingMode", properties.recordingMode().name());
        json.set("defaultRecordingProperties", recordingDefaults(properties.defaultRecordingProperties()));
        // "" rather than null for a generated id: the client calls getAsString() on it whenever it is present.
        json.put("customSessionId", properties.customSessionId() == null ? "" : properties.customSessionId());
        json.put("forcedVideoCodec", properties.forcedVideoCodec().name());
        json.put("forcedVideoCodecResolved", properties.forcedVideoCodec().resolvedForKurento().name());
        json.put("allowTranscoding", properties.allowTranscoding());
        json.set("connections", connectionList(withPending ? session.connections() : session.activeConnections()));
        return json;
    }

    static ObjectNode connectionList(List<ConnectionSnapshot> connections) {
        ObjectNode list = NODES.objectNode();
        list.put("numberOfElements", connections.size());
        ArrayNode content = list.putArray("content");
        connections.forEach(connection -> content.add(connection(connection)));
        return list;
    }

    static ObjectNode connection(ConnectionSnapshot connection) {
        ConnectionProperties properties = connection.properties();
        boolean active = connection.isActive();
        ObjectNode json = NODES.objectNode();
        json.put("id", connection.id());
        json.put("object", "connection");
        json.put("type", properties.type().name());
        json.put("status", connection.status().wireName());
        json.put("connectionId", connection.id());
        json.put("sessionId", connection.sessionId());
        json.put("createdAt", connection.createdAt());
        json.put("activeAt", connection.activeAt());
        // OpenVidu CE has no geolocation and says so for active connections; pending ones have no location at all.
        json.put("location", active ? (connection.location() == null ? "unknown" : connection.location()) : null);
        json.put("ip", connection.ip());
        json.put("platform", connection.platform());
        json.put("token", connection.token());
        json.put("serverData", properties.serverData());
        json.put("clientData", connection.clientData());
        json.put("record", properties.record());
        json.put("role", properties.role().name());
        json.set("kurentoOptions", kurentoOptions(properties.kurentoOptions()));
        // IP camera fields: always null, Vidgate has WEBRTC connections only.
        json.putNull("rtspUri");
        json.putNull("adaptativeBitrate");
        json.putNull("onlyPlayWithSubscribers");
        json.putNull("networkCache");
        ArrayNode iceServers = json.putArray("customIceServers");
        properties.customIceServers().forEach(server -> iceServers.add(iceServer(server)));
        if (active) {
            ArrayNode publishers = json.putArray("publishers");
            connection.publishers().forEach(publisher -> publishers.add(publisher(publisher)));
            ArrayNode subscribers = json.putArray("subscribers");
            connection.subscribers().forEach(subscriber -> subscribers.add(subscriber(subscriber)));
        } else {
            json.putNull("publishers");
            json.putNull("subscribers");
        }
        return json;
    }

    /** The deprecated token API's answer: the client reads {@code id}, which is the token itself. */
    static ObjectNode token(ConnectionSnapshot connection) {
        ObjectNode json = NODES.objectNode();
        json.put("id", connection.token());
        json.put("token", connection.token());
        json.put("connectionId", connection.id());
        json.put("createdAt", connection.createdAt());
        json.put("session", connection.sessionId());
        json.put("data", connection.properties().serverData());
        json.put("role", connection.properties().role().name());
        if (connection.properties().kurentoOptions() != null) {
            json.set("kurentoOptions", kurentoOptions(connection.properties().kurentoOptions()));
        }
        return json;
    }

    private static ObjectNode publisher(PublisherSnapshot publisher) {
        ObjectNode json = NODES.objectNode();
        json.put("createdAt", publisher.createdAt());
        json.put("streamId", publisher.streamId());
        MediaOptions options = publisher.mediaOptions();
        ObjectNode media = json.putObject("mediaOptions");
        media.put("hasAudio", options.hasAudio());
        if (options.hasAudio()) {
            media.put("audioActive", options.audioActive());
        }
        media.put("hasVideo", options.hasVideo());
        if (options.hasVideo()) {
            media.put("videoActive", options.videoActive());
            media.put("typeOfVideo", options.typeOfVideo());
            media.put("frameRate", options.frameRate());
            media.put("videoDimensions", options.videoDimensions());
        }
        media.putObject("filter");
        return json;
    }

    private static ObjectNode subscriber(SubscriberSnapshot subscriber) {
        ObjectNode json = NODES.objectNode();
        json.put("createdAt", subscriber.createdAt());
        json.put("streamId", subscriber.streamId());
        return json;
    }

    private static ObjectNode kurentoOptions(KurentoOptions options) {
        if (options == null) {
            return null;
        }
        ObjectNode json = NODES.objectNode();
        putIfSet(json, "videoMaxRecvBandwidth", options.videoMaxRecvBandwidth());
        putIfSet(json, "videoMinRecvBandwidth", options.videoMinRecvBandwidth());
        putIfSet(json, "videoMaxSendBandwidth", options.videoMaxSendBandwidth());
        putIfSet(json, "videoMinSendBandwidth", options.videoMinSendBandwidth());
        if (!options.allowedFilters().isEmpty()) {
            ArrayNode filters = json.putArray("allowedFilters");
            options.allowedFilters().forEach(filters::add);
        }
        return json;
    }

    private static ObjectNode iceServer(IceServer server) {
        ObjectNode json = NODES.objectNode();
        json.put("url", server.url());
        if (server.username() != null) {
            json.put("username", server.username());
        }
        if (server.credential() != null) {
            json.put("credential", server.credential());
        }
        return json;
    }

    /** As openvidu-java-client's {@code RecordingProperties.toJson()}: fields that do not apply are left out. */
    private static ObjectNode recordingDefaults(RecordingDefaults recording) {
        ObjectNode json = NODES.objectNode();
        json.put("name", recording.name());
        json.put("hasAudio", recording.hasAudio());
        json.put("hasVideo", recording.hasVideo());
        json.put("outputMode", recording.outputMode());
        if (recording.recordingLayout() != null) {
            json.put("recordingLayout", recording.recordingLayout());
            json.put("resolution", recording.resolution());
            json.put("frameRate", recording.frameRate());
            json.put("shmSize", recording.shmSize());
        }
        if (recording.customLayout() != null) {
            json.put("customLayout", recording.customLayout());
        }
        if (recording.ignoreFailedStreams() != null) {
            json.put("ignoreFailedStreams", recording.ignoreFailedStreams());
        }
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, Integer value) {
        if (value != null) {
            json.put(field, value);
        }
    }
}
