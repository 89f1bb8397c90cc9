package io.vidgate.broker.fuzz;

import static io.vidgate.broker.fuzz.JsonValues.F;
import static io.vidgate.broker.fuzz.JsonValues.bool;
import static io.vidgate.broker.fuzz.JsonValues.oneOf;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated requests to every route of the broker's OpenVidu REST API (docs/rest-api.md): bodies with each field
 * valid, missing, null, of the wrong type, huge, nested or odd unicode; bodies that are not objects or not JSON; wrong
 * Content-Types; odd path ids and query values; now and then the wrong HTTP method. {@code ${session}},
 * {@code ${connection}} and {@code ${stream}} stand for what exists when the request is sent.
 */
public final class RestRequests {

    /**
     * One request.
     *
     * @param contentType null: none
     * @param body        null: no body
     */
    public record Request(String method, String path, String contentType, String body, JsonNode tree) {

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 1500 ? body.substring(0, 1500) + "…(" + body.length() + " chars)" : body;
            String shownPath = path.length() > 300 ? path.substring(0, 300) + "…(" + path.length() + " chars)" : path;
            return method + " " + shownPath + (contentType == null ? "" : " [" + contentType + "]") + " " + shown;
        }

        public Request withPlaceholders(Map<String, String> values) {
            String filledPath = path;
            for (Map.Entry<String, String> value : values.entrySet()) {
                filledPath = filledPath.replace("${" + value.getKey() + "}", value.getValue());
            }
            if (tree == null) {
                return new Request(method, filledPath, contentType, body, null);
            }
            JsonNode filled = RpcFrames.fill(RpcFrames.Frame.of(tree), values).tree();
            return new Request(method, filledPath, contentType, RpcFrames.Frame.of(filled).text(), filled);
        }
    }

    private record Route(String method, String path, Map<String, Function<Random, JsonNode>> fields) {
    }

    private static final Function<Random, JsonNode> ICE_SERVERS = random -> F.arrayNode().add(F.objectNode()
            .put("url", random.nextBoolean() ? "turn:turn.example.org:3478" : "stun:stun.example.org")
            .put("username", "user").put("credential", "pass"));

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/openvidu/api/sessions", fields("mediaMode", oneOf("ROUTED", "RELAYED", "routed"),
                    "recordingMode", oneOf("MANUAL", "ALWAYS"), "customSessionId", oneOf("fuzz_session", "a-b_C9", ""),
                    "forcedVideoCodec", oneOf("VP8", "H264", "MEDIA_SERVER_PREFERRED", "NONE"), "allowTranscoding", bool(),
                    "defaultRecordingProperties", constant(F.objectNode().put("name", "r").put("hasAudio", true)
                            .put("outputMode", "COMPOSED").put("frameRate", 25).put("shmSize", 536870912L)),
                    "mediaNode", constant(F.objectNode().put("id", "kms_1")))),
            new Route("GET", "/openvidu/api/sessions", Map.of()),
            new Route("GET", "/openvidu/api/sessions/${session}", Map.of()),
            new Route("DELETE", "/openvidu/api/sessions/${session}", Map.of()),
            new Route("POST", "/openvidu/api/sessions/${session}/connection", fields("type", oneOf("WEBRTC", "IPCAM", "webrtc"),
                    "data", oneOf("{\"name\":\"alice\"}", ""), "record", bool(),
                    "role", oneOf("PUBLISHER", "SUBSCRIBER", "MODERATOR", "ADMIN"),
                    "kurentoOptions", constant(F.objectNode().put("videoMaxRecvBandwidth", 1000)
                            .set("allowedFilters", F.arrayNode().add("GStreamerFilter"))),
                    "customIceServers", ICE_SERVERS)),
            new Route("GET", "/openvidu/api/sessions/${session}/connection", Map.of()),
            new Route("GET", "/openvidu/api/sessions/${session}/connection/${connection}", Map.of()),
            new Route("DELETE", "/openvidu/api/sessions/${session}/connection/${connection}", Map.of()),
            new Route("PATCH", "/openvidu/api/sessions/${session}/connection/${connection}", fields("role",
                    oneOf("PUBLISHER", "SUBSCRIBER"), "record", bool())),
            new Route("DELETE", "/openvidu/api/sessions/${session}/stream/${stream}", Map.of()),
            new Route("POST", "/openvidu/api/signal", fields("session", oneOf("${session}", "ses_AAAAAAAAAA"),
                    "to", constant(F.arrayNode().add("${connection}")), "type", oneOf("signal:chat", "signal"),
                    "data", oneOf("hello", ""))),
            new Route("POST", "/openvidu/api/tokens", fields("session", oneOf("${session}", "ses_AAAAAAAAAA"),
                    "role", oneOf("PUBLISHER", "SUBSCRIBER", "MODERATOR"), "data", oneOf("d"),
                    "kurentoOptions", constant(F.objectNode().put("videoMaxSendBandwidth", 500)))),
            new Route("POST", "/openvidu/api/recordings/start", fields("session", oneOf("${session}"))),
            new Route("GET", "/openvidu/api/config", Map.of()),
            new Route("POST", "/openvidu/api/broadcast/start", fields("session", oneOf("${session}"))));

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "garbage", "",
            "application/json; charset=bogus", "application/json; charset=UTF-16", "multipart/form-data",
            "application/x-www-form-urlencoded", "application/*", "*/*", "application/json;;;", "application/merge-patch+json");

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");

    private static Function<Random, JsonNode> constant(JsonNode value) {
        return random -> value.deepCopy();
    }

    private static Map<String, Function<Random, JsonNode>> fields(Object... namesAndValues) {
        Map<String, Function<Random, JsonNode>> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            Function<Random, JsonNode> value = (Function<Random, JsonNode>) namesAndValues[i + 1];
            fields.put((String) namesAndValues[i], value);
        }
        return fields;
    }

    private RestRequests() {
    }

    public static Request request(Random random) {
        Route route = ROUTES.get(random.nextInt(ROUTES.size()));
        String method = random.nextInt(15) == 0 ? METHODS.get(random.nextInt(METHODS.size())) : route.method();
        String path = route.path();
        for (String name : List.of("session", "connection", "stream")) {
            if (path.contains("${" + name + "}") && random.nextInt(4) == 0) {
                path = path.replace("${" + name + "}", pathSegment(random));
            }
        }
        if (random.nextInt(10) == 0) {
            path += "?pendingConnections=" + encode(random.nextBoolean() ? "true" : JsonValues.oddText(random))
                    + "&webRtcStats=" + encode(random.nextBoolean() ? "false" : JsonValues.oddText(random));
        }
        String contentType = random.nextInt(8) == 0 ? (random.nextBoolean() ? null : CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())))
                : "application/json";
        int dice = random.nextInt(100);
        if (!route.method().equals("POST") && !route.method().equals("PATCH") && dice < 80) {
            return new Request(method, path, null, null, null);
        }
        if (dice < 6) {
            return new Request(method, path, contentType, null, null);
        }
        if (dice < 12) {
            return new Request(method, path, contentType, RpcFrames.garbage(random), null);
        }
        if (dice < 18) {
            JsonNode any = JsonValues.any(random);
            return new Request(method, path, contentType, RpcFrames.Frame.of(any).text(), any);
        }
        ObjectNode body = JsonValues.object(random, route.fields());
        return new Request(method, path, contentType, RpcFrames.Frame.of(body).text(), body);
    }

    /** A path id that is not the one that exists: another valid-looking id, odd text, very long, traversal. */
    private static String pathSegment(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "ses_AAAAAAAAAA";
            case 1 -> "x".repeat(1 + random.nextInt(3000));
            case 2 -> "..";
            case 3 -> "%2F..%2F";
            default -> encode(JsonValues.oddText(random));
        };
    }

    private static String encode(String text) {
        // A lone surrogate is not encodable: it becomes '?' as it would in any client.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static Stream<Request> shrinks(Request request) {
        Stream<Request> simpler = Stream.of(
                request.contentType() != null && !request.contentType().equals("application/json")
                        ? new Request(request.method(), request.path(), "application/json", request.body(), request.tree()) : null,
                request.body() != null ? new Request(request.method(), request.path(), request.contentType(), null, null) : null)
                .filter(java.util.Objects::nonNull);
        Stream<Request> smallerBody = request.tree() != null
                ? JsonShrinks.of(request.tree()).map(tree -> new Request(request.method(), request.path(), request.contentType(),
                        RpcFrames.Frame.of(tree).text(), tree))
                : request.body() != null ? JsonShrinks.ofText(request.body()).map(text -> new Request(request.method(),
                        request.path(), request.contentType(), text, null)) : Stream.empty();
        return Stream.concat(simpler, smallerBody);
    }
}
