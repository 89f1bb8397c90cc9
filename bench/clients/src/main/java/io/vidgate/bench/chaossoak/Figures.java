package io.vidgate.bench.chaossoak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What happened during the soak, counted by name: {@code action …} (what the soak did), {@code rpc <method> <outcome>}
 * (how the stack answered), {@code end …} (how each client's life ended). Printed as tables into the report.
 */
final class Figures {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    void count(String name) {
        counters.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    long get(String name) {
        LongAdder counter = counters.get(name);
        return counter == null ? 0 : counter.sum();
    }

    /** The sum of every counter whose name starts with {@code prefix}. */
    long sum(String prefix) {
        return counters.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    /** A two-column Markdown table of the counters starting with {@code prefix} (the prefix dropped). */
    String table(String prefix, String heading) {
        StringBuilder out = new StringBuilder("| " + heading + " | count |\n|---|---:|\n");
        new TreeMap<>(counters).forEach((name, counter) -> {
            if (name.startsWith(prefix)) {
                out.append("| ").append(name.substring(prefix.length())).append(" | ").append(counter.sum())
                        .append(" |\n");
            }
        });
        return out.toString();
    }
}
