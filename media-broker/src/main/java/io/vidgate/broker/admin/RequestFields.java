package io.vidgate.broker.admin;

import java.util.Arrays;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Typed reads of an OpenVidu request body. As in openvidu-server, a field that is absent or JSON {@code null} means
 * "not given" (openvidu-java-client sends explicit nulls for everything it does not set), and a field of the wrong
 * type is a 400 naming the field, never a 500.
 */
final class RequestFields {

    private RequestFields() {
    }

    /** The body as an object; an absent body is an empty object. */
    static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        return body;
    }

    static boolean given(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && !value.isNull();
    }

    static String string(JsonNode object, String field) {
        if (!given(object, field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (!value.isString()) {
            throw typeError(field, "a string");
        }
        return value.stringValue();
    }

    static Boolean bool(JsonNode object, String field) {
        if (!given(object, field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (!value.isBoolean()) {
            throw typeError(field, "true or false");
        }
        return value.booleanValue();
    }

    static Integer integer(JsonNode object, String field) {
        Long value = longInteger(object, field);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw typeError(field, "a 32-bit integer");
        }
        return value.intValue();
    }

    /** Whole numbers only; {@code 25.0} counts, as it does for openvidu-server's JSON library. */
    static Long longInteger(JsonNode object, String field) {
        if (!given(object, field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            double number = value.doubleValue();
            if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
                return (long) number;
            }
        }
        throw typeError(field, "an integer");
    }

    static JsonNode optionalObject(JsonNode object, String field) {
        if (!given(object, field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (!value.isObject()) {
            throw typeError(field, "a JSON object");
        }
        return value;
    }

    static JsonNode optionalArray(JsonNode object, String field) {
        if (!given(object, field)) {
            return null;
        }
        JsonNode value = object.get(field);
        if (!value.isArray()) {
            throw typeError(field, "a JSON array");
        }
        return value;
    }

    /** OpenVidu's enum names, exact and upper case. */
    static <E extends Enum<E>> E enumValue(JsonNode object, String field, Class<E> type) {
        String value = string(object, field);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw ApiException.badRequest("Parameter '" + field + "' must be one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    private static ApiException typeError(String field, String expected) {
        return ApiException.badRequest("Type error in parameter '" + field + "': expected " + expected);
    }
}
