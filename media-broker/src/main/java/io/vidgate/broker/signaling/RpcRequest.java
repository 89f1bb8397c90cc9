package io.vidgate.broker.signaling;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 2.0 request from openvidu-browser: {@code {"jsonrpc":"2.0","method":…,"params":{…},"id":n}}.
 *
 * @param id     the request id (number or string); null for a notification, which gets no answer
 * @param params never null: an empty object when absent
 */
public record RpcRequest(JsonNode id, String method, ObjectNode params) {

    /** Parses one text frame; a malformed frame is an {@link RpcException} carrying the id when it could be read. */
    static RpcRequest parse(String frame, JsonMapper json) {
        JsonNode root;
        try {
            // Numbers as written: an id past double's range (1e999) read as a double would be echoed as "Infinity".
            root = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(frame);
        } catch (RuntimeException notJson) {
            throw new Malformed(null, RpcException.PARSE_ERROR, "Parse error: the frame is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Malformed(null, RpcException.INVALID_REQUEST, "Invalid request: not a JSON object");
        }
        JsonNode id = root.get("id");
        if (id != null && !id.isNumber() && !id.isString()) {
            throw new Malformed(null, RpcException.INVALID_REQUEST, "Invalid request: id must be a number or a string");
        }
        JsonNode method = root.get("method");
        if (method == null || !method.isString() || method.stringValue().isEmpty()) {
            throw new Malformed(id, RpcException.INVALID_REQUEST, "Invalid request: no method");
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new Malformed(id, RpcException.INVALID_PARAMS, "Invalid params: an object is expected");
        }
        ObjectNode p = params instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        return new RpcRequest(id, method.stringValue(), p);
    }

    /** A required string parameter. */
    public String string(String name) {
        JsonNode value = params.get(name);
        if (value == null || !value.isString()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param '" + name + "' (a string) is required by " + method);
        }
        return value.stringValue();
    }

    /** An optional string parameter (absent or null → null). */
    public String optionalString(String name) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param '" + name + "' must be a string");
        }
        return value.stringValue();
    }

    /** An optional boolean parameter. */
    public boolean bool(String name, boolean absent) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param '" + name + "' must be a boolean");
        }
        return value.booleanValue();
    }

    /** An optional integer parameter. */
    public Integer integer(String name, Integer absent) {
        JsonNode value = params.get(name);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new RpcException(RpcException.INVALID_PARAMS, "Param '" + name + "' must be an integer");
        }
        return value.intValue();
    }

    /** A frame that is not a request; answered with an error when an id could be read, or with a null id. */
    static final class Malformed extends RpcException {
        final JsonNode id;

        Malformed(JsonNode id, int code, String message) {
            super(code, message);
            this.id = id;
        }
    }
}
