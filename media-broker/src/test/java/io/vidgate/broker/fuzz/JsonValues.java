package io.vidgate.broker.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Values for generated request fields: mostly a valid one, otherwise what clients and attackers send by mistake or
 * on purpose: absent, null, the wrong type, huge, deeply nested, odd unicode, extreme numbers.
 */
public final class JsonValues {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Inside the pieces: a lone surrogate (valid JSON as an escape, not valid UTF-16), NUL, RTL override, BOM. */
    private static final List<String> ODD_TEXT = List.of("é", "日本語", "😀", "\u0000", "\u202E", "\uFEFF", "\uD800",
            "\uDC00", "\n", "\"", "\\", "</script>", "%00", "${jndi:ldap://x}", "' OR 1=1 --", "\u200D", "null", "",
            " ", "con_", "str_CAM_", "../..", "%2F", "\t\r");

    private JsonValues() {
    }

    /**
     * An object with the given fields, built one of three ways so that whole valid requests are frequent enough to
     * reach the broker's deeper paths: every field valid; every field valid but one, mutated; or each field on its
     * own (see {@link #field}).
     */
    public static ObjectNode object(Random random, java.util.Map<String, Function<Random, JsonNode>> fields) {
        ObjectNode object = F.objectNode();
        int mode = random.nextInt(100);
        int mutated = fields.isEmpty() ? -1 : random.nextInt(fields.size());
        int i = 0;
        for (java.util.Map.Entry<String, Function<Random, JsonNode>> field : fields.entrySet()) {
            JsonNode value;
            if (mode < 40 || mode < 75 && i != mutated) {
                value = field.getValue().apply(random);
            } else if (mode < 75) {
                value = random.nextInt(3) == 0 ? null : random.nextBoolean() ? F.nullNode() : any(random);
            } else {
                value = field(random, field.getValue());
            }
            if (value != null) {
                object.set(field.getKey(), value);
            }
            i++;
        }
        if (random.nextInt(8) == 0) {
            object.set(oddText(random), any(random));
        }
        return object;
    }

    /**
     * A field's value: {@code valid} more than half of the time; null means "leave the field out".
     */
    public static JsonNode field(Random random, Function<Random, JsonNode> valid) {
        int dice = random.nextInt(100);
        if (dice < 55) {
            return valid.apply(random);
        }
        if (dice < 65) {
            return null;
        }
        if (dice < 72) {
            return F.nullNode();
        }
        return any(random);
    }

    /** Any JSON value, weighted towards the troublesome ones. */
    public static JsonNode any(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> F.booleanNode(random.nextBoolean());
            case 1, 2 -> number(random);
            case 3, 4 -> F.stringNode(oddText(random));
            case 5 -> F.stringNode("x".repeat(1 + random.nextInt(12_000)));
            case 6 -> nested(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 30));
            case 7 -> {
                ArrayNode array = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(shallow(random));
                }
                yield array;
            }
            case 8 -> {
                ObjectNode object = F.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(oddText(random), shallow(random));
                }
                yield object;
            }
            case 9 -> F.nullNode();
            default -> F.stringNode(Long.toString(random.nextLong(), 36));
        };
    }

    private static JsonNode shallow(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> number(random);
            case 1 -> F.booleanNode(random.nextBoolean());
            case 2 -> F.nullNode();
            default -> F.stringNode(oddText(random));
        };
    }

    /** Numbers at and past the edges of int, long and double, fractions, negatives. */
    public static JsonNode number(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> F.numberNode(Integer.MAX_VALUE + 1L);
            case 1 -> F.numberNode(Long.MIN_VALUE);
            case 2 -> F.numberNode(new BigInteger("9".repeat(1 + random.nextInt(60))));
            case 3 -> F.numberNode(new BigDecimal("1e" + (300 + random.nextInt(700))));
            case 4 -> F.numberNode(-random.nextInt(1000));
            case 5 -> F.numberNode(random.nextDouble() * 100);
            case 6 -> F.numberNode(new BigDecimal("-1e-" + (300 + random.nextInt(700))));
            case 7 -> F.numberNode(0);
            default -> F.numberNode(random.nextInt(100_000));
        };
    }

    /** A few pieces of odd text together. */
    public static String oddText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            text.append(ODD_TEXT.get(random.nextInt(ODD_TEXT.size())));
        }
        return text.toString();
    }

    /** Arrays and objects inside each other, {@code depth} levels deep. */
    public static JsonNode nested(Random random, int depth) {
        JsonNode inner = F.stringNode("deep");
        for (int i = 0; i < depth; i++) {
            if (random.nextBoolean()) {
                inner = F.arrayNode().add(inner);
            } else {
                ObjectNode object = F.objectNode();
                object.set("a", inner);
                inner = object;
            }
        }
        return inner;
    }

    public static JsonNode text(String value) {
        return F.stringNode(value);
    }

    public static Function<Random, JsonNode> oneOf(String... values) {
        return random -> F.stringNode(values[random.nextInt(values.length)]);
    }

    public static Function<Random, JsonNode> bool() {
        return random -> F.booleanNode(random.nextBoolean());
    }

    public static Function<Random, JsonNode> integer(int bound) {
        return random -> F.numberNode(random.nextInt(bound));
    }
}
