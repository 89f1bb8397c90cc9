package io.vidgate.broker.fuzz;

import static io.vidgate.broker.fuzz.JsonValues.F;
import static io.vidgate.broker.fuzz.JsonValues.bool;
import static io.vidgate.broker.fuzz.JsonValues.integer;
import static io.vidgate.broker.fuzz.JsonValues.oneOf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated OpenVidu JSON-RPC frames: every method the broker answers (openvidu-browser 2.32's names and params), with
 * params valid, missing, null, of the wrong type, huge, nested or odd unicode; ids of every JSON type; unknown
 * methods; and text that is not a request at all. Valid values may be placeholders ({@code ${connectionId}},
 * {@code ${peerStreamId}}…) that the test fills with what exists at send time ({@link #fill}).
 */
public final class RpcFrames {

    /** Plain JSON; a frame holding a lone surrogate is written with escapes instead (it is not UTF-16 otherwise). */
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static final Function<Random, JsonNode> CONNECTION = oneOf("${connectionId}", "${peerConnectionId}",
            "con_AAAAAAAAAA", "con_" + "z".repeat(40));
    private static final Function<Random, JsonNode> STREAM = oneOf("${streamId}", "${peerStreamId}", "${peerConnectionId}",
            "${connectionId}", "str_CAM_AAAA_con_AAAAAAAAAA", "str_", "str_CAM_x_${peerConnectionId}");
    private static final Function<Random, JsonNode> SDP = oneOf("${publishOffer}", "${subscribeOffer}", "v=0\r\n",
            "not sdp");

    /** Method ⇒ its params and how a valid value of each looks. */
    public static final Map<String, Map<String, Function<Random, JsonNode>>> METHODS = new LinkedHashMap<>();

    static {
        method("joinRoom", "token", oneOf("${token}", "${token}x", "ws://127.0.0.1?sessionId=${sessionId}&token=a.b.c"),
                "session", oneOf("${sessionId}", "ses_AAAAAAAAAA"), "platform", oneOf("Chrome 126 on Linux"),
                "sdkVersion", oneOf("2.32.1"), "metadata", oneOf("{\"clientData\":\"fuzz\"}", "not json"),
                "secret", oneOf("", "secret"), "recorder", bool(), "stt", bool());
        method("publishVideo", "sdpOffer", SDP, "doLoopback", bool(), "hasAudio", bool(), "hasVideo", bool(),
                "audioActive", bool(), "videoActive", bool(),
                "typeOfVideo", oneOf("CAMERA", "SCREEN", "CUSTOM", "IPCAM", "camera"), "frameRate", integer(120),
                "videoDimensions", oneOf("{\"width\":640,\"height\":480}"), "filter", value(random -> F.objectNode()));
        method("unpublishVideo");
        method("prepareReceiveVideoFrom", "sender", STREAM, "reconnect", bool());
        method("receiveVideoFrom", "sender", STREAM, "sdpAnswer", SDP, "sdpOffer", SDP);
        method("unsubscribeFromVideo", "sender", STREAM);
        method("onIceCandidate", "endpointName", STREAM,
                "candidate", oneOf("${candidate}", "candidate:1 1 udp 1 0.0.0.0 1 typ host", "garbage"),
                "sdpMid", oneOf("0", "1"), "sdpMLineIndex", integer(3));
        method("sendMessage", "message", value(random -> F.stringNode(signal(random))));
        method("streamPropertyChanged", "streamId", STREAM,
                "property", oneOf("videoActive", "audioActive", "videoDimensions", "filter", "bogus"),
                "newValue", value(random -> random.nextBoolean() ? F.booleanNode(random.nextBoolean()) : JsonValues.any(random)),
                "reason", oneOf("publishVideo", "publishAudio", "screenResized"));
        method("forceDisconnect", "connectionId", oneOf("${peerConnectionId}", "con_AAAAAAAAAA", "${connectionId}"));
        method("forceUnpublish", "streamId", STREAM);
        method("reconnectStream", "stream", STREAM, "sdpOffer", SDP, "sdpString", SDP, "forciblyReconnect", bool());
        method("connect", "sessionId", oneOf("${rpcSessionId}", "bogus"), "reconnect", bool());
        method("ping", "interval", integer(10_000));
        method("leaveRoom");
        method("echo");
        method("videoData", "height", integer(2000), "width", integer(2000), "videoActive", bool(), "audioActive", bool());
        method("applyFilter", "streamId", STREAM, "type", oneOf("GStreamerFilter"), "options", oneOf("{}"));
        method("subscribeToSpeechToText", "connectionId", CONNECTION, "lang", oneOf("en-US"));
        method("sessionStatus");
    }

    private static Function<Random, JsonNode> value(Function<Random, JsonNode> generator) {
        return generator;
    }

    private static void method(String name, Object... paramsAndValues) {
        Map<String, Function<Random, JsonNode>> params = new LinkedHashMap<>();
        for (int i = 0; i < paramsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            Function<Random, JsonNode> value = (Function<Random, JsonNode>) paramsAndValues[i + 1];
            params.put((String) paramsAndValues[i], value);
        }
        METHODS.put(name, params);
    }

    private static final List<String> METHOD_NAMES = List.copyOf(METHODS.keySet());

    private static final List<String> NOT_REQUESTS = List.of("", " ", "null", "true", "42", "\"joinRoom\"", "[]", "{}",
            "[{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1}]", "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"id\":1",
            "{'jsonrpc':'2.0','method':'ping','id':1}", "{\"method\":\"ping\",\"id\":1} trailing",
            "{\"method\":\"ping\",\"method\":\"joinRoom\",\"id\":7}", "\uFEFF{\"method\":\"ping\",\"id\":3}",
            "{\"method\":\"ping\",\"id\":NaN}", "{\"method\":\"ping\",\"id\":1e999999999}", "/* */{\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"result\":{},\"id\":5}", "{\"id\":-0,\"method\":\"\\u0000\"}", "\u0000",
            "{\"method\":\"ping\",\"params\":{\"interval\":" + "1".repeat(5000) + "},\"id\":4}");

    /** One frame as sent: its text, and the JSON it came from (null for text that is not JSON by construction). */
    public record Frame(String text, JsonNode tree) {

        public static Frame of(JsonNode tree) {
            String plain = JSON.writeValueAsString(tree);
            return new Frame(wellFormedUtf16(plain) ? plain : ESCAPING.writeValueAsString(tree), tree);
        }

        public static Frame raw(String text) {
            return new Frame(text, null);
        }

        /** The id a response must echo: the id of a JSON object frame when it is a number or a string, else null. */
        public JsonNode echoedId() {
            JsonNode object = parsed();
            JsonNode id = object == null ? null : object.get("id");
            return id != null && (id.isNumber() || id.isString()) ? id : null;
        }

        /** The frame as the broker reads it (null when that is not a JSON object). */
        public JsonNode parsed() {
            try {
                JsonNode node = JSON.readTree(text);
                return node != null && node.isObject() ? node : null;
            } catch (RuntimeException notJson) {
                return null;
            }
        }

        public String method() {
            JsonNode object = parsed();
            JsonNode method = object == null ? null : object.get("method");
            return method != null && method.isString() ? method.stringValue() : null;
        }

        @Override
        public String toString() {
            return text.length() > 2000 ? text.substring(0, 2000) + "…(" + text.length() + " chars)" : text;
        }
    }

    /** A frame of any kind: mostly requests to the broker's methods, some unknown methods and some non-requests. */
    public static Frame frame(Random random) {
        int dice = random.nextInt(100);
        if (dice < 8) {
            return Frame.raw(NOT_REQUESTS.get(random.nextInt(NOT_REQUESTS.size())));
        }
        if (dice < 12) {
            return Frame.raw(garbage(random));
        }
        ObjectNode request = F.objectNode();
        if (random.nextInt(10) != 0) {
            request.put("jsonrpc", "2.0");
        }
        String method = dice < 16 ? JsonValues.oddText(random) : METHOD_NAMES.get(random.nextInt(METHOD_NAMES.size()));
        JsonNode methodNode = random.nextInt(20) == 0 ? JsonValues.any(random) : F.stringNode(method);
        if (random.nextInt(30) != 0) {
            request.set("method", methodNode);
        }
        if (random.nextInt(15) == 0) {
            request.set("params", JsonValues.any(random));
        } else if (random.nextInt(15) != 0) {
            request.set("params", JsonValues.object(random, METHODS.getOrDefault(method, Map.of())));
        }
        int idDice = random.nextInt(20);
        if (idDice < 14) {
            request.put("id", random.nextInt(1_000_000));
        } else if (idDice < 16) {
            request.put("id", "fuzz-" + JsonValues.oddText(random));
        } else if (idDice < 18) {
            request.set("id", JsonValues.any(random));
        } // else: a notification, no id
        return Frame.of(request);
    }

    /** Text that is mostly not JSON: random characters, or a request cut short. */
    static String garbage(Random random) {
        if (random.nextBoolean()) {
            String request = "{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"params\":{\"token\":\"x\"},\"id\":1}";
            return request.substring(0, random.nextInt(request.length()));
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(200); i > 0; i--) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xD7FF)));
        }
        return text.toString();
    }

    private static String signal(Random random) {
        ObjectNode message = F.objectNode();
        JsonNode to = JsonValues.field(random, r -> F.arrayNode().add(CONNECTION.apply(r)));
        if (to != null) {
            message.set("to", to);
        }
        JsonNode data = JsonValues.field(random, oneOf("hello", ""));
        if (data != null) {
            message.set("data", data);
        }
        JsonNode type = JsonValues.field(random, oneOf("signal:chat", "signal"));
        if (type != null) {
            message.set("type", type);
        }
        return random.nextInt(10) == 0 ? JsonValues.oddText(random) : JSON.writeValueAsString(message);
    }

    /** Up to {@code max} frames. */
    public static List<Frame> sequence(Random random, int max) {
        List<Frame> frames = new ArrayList<>();
        for (int i = 1 + random.nextInt(max); i > 0; i--) {
            frames.add(frame(random));
        }
        return frames;
    }

    /** Fewer frames first, then each frame smaller. */
    public static Stream<List<Frame>> shrinks(List<Frame> frames) {
        Stream<List<Frame>> fewer = IntStream.range(0, frames.size()).filter(i -> frames.size() > 1).mapToObj(i -> {
            List<Frame> copy = new ArrayList<>(frames);
            copy.remove(i);
            return copy;
        });
        Stream<List<Frame>> smaller = IntStream.range(0, frames.size()).boxed().flatMap(i -> shrinks(frames.get(i)).map(frame -> {
            List<Frame> copy = new ArrayList<>(frames);
            copy.set(i, frame);
            return (List<Frame>) copy;
        }));
        return Stream.concat(fewer, smaller);
    }

    public static Stream<Frame> shrinks(Frame frame) {
        return frame.tree() != null ? JsonShrinks.of(frame.tree()).map(Frame::of) : JsonShrinks.ofText(frame.text()).map(Frame::raw);
    }

    /** The frame with its placeholders replaced by what they name now (unknown ones are left as they are). */
    public static Frame fill(Frame frame, Map<String, String> values) {
        if (frame.tree() == null) {
            return frame;
        }
        return Frame.of(fill(frame.tree().deepCopy(), values));
    }

    private static JsonNode fill(JsonNode node, Map<String, String> values) {
        if (node.isString()) {
            String text = node.stringValue();
            for (Map.Entry<String, String> value : values.entrySet()) {
                if (value.getValue() != null) {
                    text = text.replace("${" + value.getKey() + "}", value.getValue());
                }
            }
            return F.stringNode(text);
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (String name : new ArrayList<>(object.propertyNames())) {
                object.set(name, fill(object.get(name), values));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((tools.jackson.databind.node.ArrayNode) node).set(i, fill(node.get(i), values));
            }
        }
        return node;
    }

    static boolean wellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
