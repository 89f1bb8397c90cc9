package io.vidgate.bench.edgeping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few JSON texts the bench sends and reads; plain strings keep the measured path cheap. */
final class Json {

    private static final Pattern ERROR_CODE = Pattern.compile("\"error\"\\s*:\\s*\\{[^}]*?\"code\"\\s*:\\s*(-?\\d+)");

    private Json() {
    }

    /** openvidu-browser's heartbeat, with its parameter. */
    static String ping(long id) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":" + id + "}";
    }

    /** joinRoom as openvidu-browser 2.32 sends it (reference/openvidu-2.md); id 0. */
    static String joinRoom(String token, String sessionId) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"params\":{"
                + "\"token\":" + quote(token) + ","
                + "\"session\":" + quote(sessionId) + ","
                + "\"platform\":\"vidgate-bench (Netty)\","
                + "\"metadata\":\"\","
                + "\"secret\":\"\","
                + "\"recorder\":false,"
                + "\"sdkVersion\":\"2.32.1\"},\"id\":0}";
    }

    /** "ok" for a result, "error &lt;code&gt;" for an error. */
    static String condensed(String answer) {
        Matcher error = ERROR_CODE.matcher(answer);
        if (error.find()) {
            return "error " + error.group(1);
        }
        return answer.contains("\"result\"") ? "ok" : "unexpected";
    }

    /** A string field of a flat JSON object (REST answers); null when absent. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/") : null;
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
