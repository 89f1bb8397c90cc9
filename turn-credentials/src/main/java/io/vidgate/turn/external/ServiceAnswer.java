package io.vidgate.turn.external;

import io.vidgate.turn.TurnUri;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a service's JSON answer strictly: a missing, empty or mistyped field is a
 * {@link TurnServiceException} naming the field, never a credential with holes in it.
 */
final class ServiceAnswer {

    private static final long MAX_TTL_SECONDS = 365L * 24 * 60 * 60;

    private final JsonNode node;
    private final String path;
    private final CredentialServiceHttp service;

    private ServiceAnswer(JsonNode node, String path, CredentialServiceHttp service) {
        this.node = node;
        this.path = path;
        this.service = service;
    }

    static ServiceAnswer root(JsonNode node, CredentialServiceHttp service) {
        ServiceAnswer answer = new ServiceAnswer(node, "", service);
        if (node == null || !node.isObject()) {
            throw answer.invalid("a JSON object");
        }
        return answer;
    }

    String requireString(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.stringValue().isBlank()) {
            throw invalid(field, "a non-empty string");
        }
        return value.stringValue();
    }

    /** An optional string field: absent or null gives null; any other non-string is still an error. */
    String optionalString(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return requireString(field);
    }

    /** A lifetime in whole seconds, positive and at most a year: beyond that it is not a TURN credential's. */
    long requireTtlSeconds(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.longValue() <= 0 || value.longValue() > MAX_TTL_SECONDS) {
            throw invalid(field, "a whole number of seconds from 1 to " + MAX_TTL_SECONDS);
        }
        return value.longValue();
    }

    /** A URI list that may also be written as a single string, as {@code RTCIceServer.urls} allows. */
    List<String> requireUris(String field) {
        JsonNode value = node.get(field);
        List<String> uris = new ArrayList<>();
        if (value != null && value.isString()) {
            uris.add(value.stringValue());
        } else if (value != null && value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isString()) {
                    throw invalid(field, "a list of strings");
                }
                uris.add(element.stringValue());
            }
        }
        if (uris.isEmpty()) {
            throw invalid(field, "a URI or a non-empty list of URIs");
        }
        for (String uri : uris) {
            try {
                TurnUri.parse(uri, describe(field));
            } catch (IllegalArgumentException e) {
                throw new TurnServiceException(service.serviceUrl(), "answered an invalid URI: " + e.getMessage(), e);
            }
        }
        return uris;
    }

    List<ServiceAnswer> requireObjects(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw invalid(field, "a non-empty list");
        }
        List<ServiceAnswer> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            ServiceAnswer answer = new ServiceAnswer(element, describe(field) + "[" + i + "]", service);
            if (!element.isObject()) {
                throw answer.invalid("a JSON object");
            }
            elements.add(answer);
        }
        return elements;
    }

    private TurnServiceException invalid(String field, String expected) {
        return service.failure("answered without " + expected + " in '" + describe(field) + "'");
    }

    private TurnServiceException invalid(String expected) {
        return service.failure("answered " + (path.isEmpty() ? "something" : "'" + path + "'")
                + " that is not " + expected);
    }

    private String describe(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
