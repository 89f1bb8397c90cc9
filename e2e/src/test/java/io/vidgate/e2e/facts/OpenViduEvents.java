package io.vidgate.e2e.facts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vidgate.e2e.stack.StackProcesses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenVidu webhook bodies (the broker's facts, or what openvidu-server 2.32.1 posted) as the lines that say what
 * happened in what order: {@code event participant [OUTBOUND | INBOUND from publisher] [reason]}, connection ids
 * replaced by the participants' names. Two runs of the same lifecycle give the same lines whatever their ids and times.
 *
 * <p>The recordings of openvidu-server 2.32.1 are in media-broker's test resources
 * ({@code openvidu-2.32.1-webhooks/<scenario>.jsonl}, re-recorded by bench/webhook-order/run).
 */
public final class OpenViduEvents {

    public static final Path RECORDINGS = StackProcesses.ROOT
            .resolve("media-broker/src/test/resources/openvidu-2.32.1-webhooks");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenViduEvents() {
    }

    /** A recorded scenario's bodies, in the order openvidu-server posted them. */
    public static List<JsonNode> recorded(String scenario) {
        List<JsonNode> bodies = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(RECORDINGS.resolve(scenario + ".jsonl"))) {
                if (!line.isBlank()) {
                    bodies.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bodies;
    }

    /** The connection ids of the events' participantJoined, in order, named {@code names[0]}, {@code names[1]}… */
    public static Map<String, String> namesByJoinOrder(List<JsonNode> events, String... names) {
        Map<String, String> named = new LinkedHashMap<>();
        for (JsonNode event : events) {
            if ("participantJoined".equals(event.path("event").asString(null)) && named.size() < names.length) {
                named.putIfAbsent(event.path("connectionId").asString(), names[named.size()]);
            }
        }
        return named;
    }

    /** One line per event; a connection id without a name stays as it is. */
    public static List<String> lines(List<JsonNode> events, Map<String, String> names) {
        List<String> lines = new ArrayList<>();
        for (JsonNode event : events) {
            lines.add(line(event, names));
        }
        return lines;
    }

    /**
     * What every recording shows of the times: each ending event's {@code startTime} is the {@code timestamp} of the
     * event that began what it ends (sessionCreated, participantJoined, the webrtcConnectionCreated of the same
     * connection and stream), and its {@code duration} the whole seconds between the two.
     */
    public static void assertTimesRelate(List<JsonNode> events) {
        Map<String, Long> started = new HashMap<>();
        for (JsonNode event : events) {
            String name = event.path("event").asString();
            long timestamp = event.path("timestamp").asLong();
            if (name.endsWith("Created") || name.equals("participantJoined")) {
                started.put(startedKey(event), timestamp);
            } else if (event.has("startTime")) {
                Long start = started.get(startedKey(event));
                if (start == null || event.path("startTime").asLong() != start
                        || event.path("duration").asLong() != (timestamp - start) / 1000) {
                    throw new AssertionError("startTime and duration of " + event + " do not match "
                            + (start == null ? "any event before it" : "the start at " + start));
                }
            }
        }
    }

    /** What an event begins or ends: the session, a participant, or one participant's connection of a stream. */
    private static String startedKey(JsonNode event) {
        if (event.has("streamId")) {
            return event.path("connectionId").asString() + " " + event.path("streamId").asString();
        }
        return event.has("connectionId") ? event.path("connectionId").asString() : "session";
    }

    static String line(JsonNode event, Map<String, String> names) {
        StringBuilder line = new StringBuilder(event.path("event").asString());
        if (event.has("connectionId")) {
            line.append(' ').append(name(event.path("connectionId").asString(), names));
        }
        if (event.has("connection")) {
            line.append(' ').append(event.path("connection").asString());
        }
        if (event.has("receivingFrom")) {
            line.append(" from ").append(name(event.path("receivingFrom").asString(), names));
        }
        if (event.has("reason")) {
            line.append(' ').append(event.path("reason").asString());
        }
        return line.toString();
    }

    private static String name(String connectionId, Map<String, String> names) {
        return names.getOrDefault(connectionId, connectionId);
    }
}
