package io.vidgate.broker.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Smaller variants of a JSON value, for {@link Tries}: fewer fields and elements, shorter strings, simpler values. */
public final class JsonShrinks {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonShrinks() {
    }

    public static Stream<JsonNode> of(JsonNode node) {
        if (node.isObject()) {
            return object((ObjectNode) node);
        }
        if (node.isArray()) {
            return array((ArrayNode) node);
        }
        if (node.isString()) {
            String text = node.stringValue();
            return text.isEmpty() ? Stream.empty() : Stream.<JsonNode>of(F.stringNode(""), F.stringNode(text.substring(0, text.length() / 2)))
                    .distinct().filter(shorter -> !shorter.equals(node));
        }
        if (node.isNumber() && !(node.isIntegralNumber() && node.canConvertToInt() && Math.abs(node.intValue()) <= 1)) {
            return Stream.of(F.numberNode(0), F.numberNode(1));
        }
        return Stream.empty();
    }

    private static Stream<JsonNode> object(ObjectNode object) {
        List<String> names = new ArrayList<>(object.propertyNames());
        Stream<JsonNode> without = names.stream().map(name -> {
            ObjectNode copy = object.deepCopy();
            copy.remove(name);
            return copy;
        });
        Stream<JsonNode> simpler = names.stream().flatMap(name -> of(object.get(name)).map(smaller -> {
            ObjectNode copy = object.deepCopy();
            copy.set(name, smaller);
            return copy;
        }));
        return Stream.concat(without, simpler);
    }

    private static Stream<JsonNode> array(ArrayNode array) {
        int size = array.size();
        Stream<JsonNode> children = size == 0 ? Stream.empty() : Stream.of(array.get(0)).filter(JsonNode::isContainer);
        Stream<JsonNode> without = java.util.stream.IntStream.range(0, size).mapToObj(i -> {
            ArrayNode copy = array.deepCopy();
            copy.remove(i);
            return copy;
        });
        Stream<JsonNode> simpler = java.util.stream.IntStream.range(0, size).boxed().flatMap(i -> of(array.get(i)).map(smaller -> {
            ArrayNode copy = array.deepCopy();
            copy.set(i, smaller);
            return copy;
        }));
        return Stream.concat(Stream.concat(children, without), simpler);
    }

    /** Shorter variants of a text that is not JSON: halves, then without its last character. */
    public static Stream<String> ofText(String text) {
        if (text.isEmpty()) {
            return Stream.empty();
        }
        return Stream.of("", text.substring(0, text.length() / 2), text.substring(text.length() / 2),
                text.substring(0, text.length() - 1)).distinct().filter(shorter -> shorter.length() < text.length());
    }
}
