package io.vidgate.broker.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** What a well-formed JSON-RPC 2.0 answer of the broker looks like (and what openvidu-browser reads of it). */
public final class RpcAnswers {

    private RpcAnswers() {
    }

    /** A response ({@code id}, and {@code result} or {@code error}) or a notification ({@code method}, no id). */
    public static void assertWellFormed(String text) {
        JsonNode frame = RawSocket.parse(text);
        assertThat(frame).as("not JSON: %s", text).isNotNull();
        assertThat(frame.isObject()).as("not an object: %s", text).isTrue();
        assertThat(frame.path("jsonrpc").stringValue(null)).as("jsonrpc of %s", text).isEqualTo("2.0");
        if (frame.has("method")) {
            assertThat(frame.get("method").isString()).as(text).isTrue();
            assertThat(frame.has("id")).as("a notification with an id: %s", text).isFalse();
            return;
        }
        assertThat(frame.has("id")).as("a response without id: %s", text).isTrue();
        JsonNode id = frame.get("id");
        assertThat(id.isNull() || id.isNumber() || id.isString()).as("id of %s", text).isTrue();
        assertThat(frame.has("result") ^ frame.has("error")).as("result xor error: %s", text).isTrue();
        if (frame.has("error")) {
            JsonNode error = frame.get("error");
            assertThat(error.isObject()).as(text).isTrue();
            assertThat(error.path("code").isInt()).as("an integer code: %s", text).isTrue();
            assertThat(error.path("message").isString()).as("a message: %s", text).isTrue();
            assertThat(error.path("message").stringValue()).as("a message: %s", text).isNotBlank();
        }
    }

    public static boolean isResponseTo(JsonNode frame, JsonNode id) {
        return !frame.has("method") && id.equals(frame.get("id"));
    }
}
