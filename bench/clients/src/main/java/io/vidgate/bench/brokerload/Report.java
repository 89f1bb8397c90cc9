package io.vidgate.bench.brokerload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import io.vidgate.bench.signaling.SignalingClient;

/**
 * The report of bench/broker-load from its rounds' JSON files ({@link RoundResult}; files named {@code warmup-*} are
 * skipped): Markdown tables (bursts, steady arrivals, cost, Vidgate / OpenVidu, the targets) into
 * {@code --tables}, the p99-against-participants chart into {@code --plot}, and on stdout the one summary line of
 * Vidgate's capacity round ({@code --participants} at a steady rate; without one, the burst of as many).
 */
public final class Report {

    private static final String VIDGATE = "vidgate";
    private static final String OPENVIDU = "openvidu";

    private final List<RoundResult> rounds;
    private final int participants;
    private final double bound;

    private Report(List<RoundResult> rounds, int participants, double bound) {
        this.rounds = rounds;
        this.participants = participants;
        this.bound = bound;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        List<RoundResult> rounds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(options.get("in")))) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith("warmup-")) {
                    rounds.add(SignalingClient.JSON.readValue(Files.readString(file), RoundResult.class));
                }
            }
        }
        Report report = new Report(rounds, Integer.parseInt(options.get("participants")),
                Double.parseDouble(options.getOrDefault("p99-bound-ms", "200")));
        Files.writeString(Path.of(options.get("tables")), report.tables());
        Files.writeString(Path.of(options.get("plot")), report.plot());
        System.out.println(report.summaryLine());
    }

    private String tables() {
        StringBuilder md = new StringBuilder();
        md.append("### Everyone at once\n\n");
        md.append("Latencies in ms as p50 / p99 / max. Join = WebSocket handshake + `joinRoom`; publish = "
                + "`publishVideo`; subscribe = `receiveVideoFrom` with the browser's offer. Seconds: from the first "
                + "arrival until every participant had published and subscribed to every other publisher.\n\n");
        md.append("| target | participants | join | publish | subscribe | operations | seconds | operations/s | errors "
                + "| Kurento objects left (before) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RoundResult r : sorted(true)) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %.1f | %.0f | %d | %s |%n",
                    r.target(), r.participants(), triple(r.join()), triple(r.publish()), triple(r.subscribe()),
                    r.operations(), r.activeSeconds(), r.operationsPerSecond(), r.errors(), objectsLeft(r)));
        }
        md.append("\n### Steady arrivals\n\n");
        md.append("p99 in ms. Within bound: no error, and the p99 of join, publish and subscribe at most "
                + fmt(bound) + " ms. Each target's ladder stops at its first round out of bound.\n\n");
        md.append("| target | participants/s | participants | join p99 | publish p99 | subscribe p99 | ping p99 "
                + "| operations/s | errors | within bound |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (RoundResult r : sorted(false)) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %.0f | %d | %s |%n",
                    r.target(), fmt(r.arrivalRate()), r.participants(), fmt(r.join().p99()),
                    fmt(r.publish().p99()), fmt(r.subscribe().p99()), fmt(r.ping().p99()), r.operationsPerSecond(),
                    r.errors(), r.withinBound() ? "yes" : "no"));
        }
        md.append("\n### Cost\n\n");
        md.append("CPU per operation (join, publish or subscribe) in ms, over the active phase of the largest burst; "
                + "heap per participant: heap used after a full GC while everyone is connected, minus before they "
                + "arrived, divided by the participants.\n\n");
        md.append("| target | process | CPU ms per operation | heap before, MB | heap with everyone, MB "
                + "| heap per participant, KiB |\n|---|---|---:|---:|---:|---:|\n");
        for (String target : List.of(VIDGATE, OPENVIDU)) {
            largestBurst(target).ifPresent(r -> r.cpuMsPerOperation().forEach((process, cpu) -> {
                RoundResult.Heap heap = r.heapMbPerProcess().get(process);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s |%n", target, process, cpu,
                        heap == null ? "" : fmt(heap.baseline()), heap == null ? "" : fmt(heap.loaded()),
                        heap == null ? "" : fmt(heap.kibPerParticipant(r.participants()))));
            }));
        }
        md.append(comparison());
        md.append(targets());
        for (RoundResult r : rounds) {
            if (!r.errorKinds().isEmpty()) {
                md.append(String.format(Locale.ROOT, "%nErrors of %s, %s, %d participants:%n%n", r.target(),
                        r.burst() ? "at once" : fmt(r.arrivalRate()) + "/s", r.participants()));
                r.errorKinds().forEach((kind, count) -> md.append("- ").append(count).append(" × `").append(kind)
                        .append("`\n"));
            }
        }
        return md.toString();
    }

    private String comparison() {
        Optional<RoundResult> ours = largestBurst(VIDGATE);
        Optional<RoundResult> theirs = largestBurst(OPENVIDU);
        if (ours.isEmpty() || theirs.isEmpty()) {
            return "\n(No reference openvidu-server in this run: no comparison.)\n";
        }
        StringBuilder md = new StringBuilder("\n### Vidgate / OpenVidu\n\n| figure | Vidgate | OpenVidu | ratio |\n"
                + "|---|---:|---:|---:|\n");
        // The largest burst both ran (OpenVidu's bursts stop at its first with errors).
        int common = Math.min(ours.get().participants(), theirs.get().participants());
        burst(VIDGATE, common).ifPresent(v -> burst(OPENVIDU, common).ifPresent(o -> {
            row(md, "join p99, " + common + " at once, ms", v.join().p99(), o.join().p99());
            row(md, "publish p99, " + common + " at once, ms", v.publish().p99(), o.publish().p99());
            row(md, "subscribe p99, " + common + " at once, ms", v.subscribe().p99(), o.subscribe().p99());
            row(md, "operations/s, " + common + " at once", v.operationsPerSecond(), o.operationsPerSecond());
            row(md, "errors, " + common + " at once", v.errors(), o.errors());
            row(md, "server CPU ms per operation, " + common + " at once", serverCpu(v), serverCpu(o));
            row(md, "server heap per participant, KiB, " + common + " at once", heapPerParticipant(v),
                    heapPerParticipant(o));
        }));
        row(md, "largest burst without errors, participants", cleanBurst(VIDGATE), cleanBurst(OPENVIDU));
        row(md, "sustained operations/s within the p99 bound (steady arrivals)", sustained(VIDGATE), sustained(OPENVIDU));
        row(md, "highest steady rate within the p99 bound, participants/s", sustainedRate(VIDGATE),
                sustainedRate(OPENVIDU));
        return md.toString();
    }

    private Optional<RoundResult> burst(String target, int participants) {
        return rounds.stream().filter(r -> target.equals(r.target()) && r.burst() && r.participants() == participants)
                .findFirst();
    }

    private int cleanBurst(String target) {
        return rounds.stream().filter(r -> target.equals(r.target()) && r.burst() && r.errors() == 0)
                .mapToInt(RoundResult::participants).max().orElse(0);
    }

    private double sustainedRate(String target) {
        return rounds.stream().filter(r -> target.equals(r.target()) && !r.burst() && r.withinBound())
                .mapToDouble(RoundResult::arrivalRate).max().orElse(0);
    }

    /**
     * The targets, judged on the capacity round — {@code participants} arriving at a steady rate the broker
     * can serve, so that at the end all of them are connected — or, without one, on the largest burst.
     */
    private String targets() {
        Optional<RoundResult> ours = capacity(VIDGATE).or(() -> largestBurst(VIDGATE));
        if (ours.isEmpty()) {
            return "";
        }
        RoundResult v = ours.get();
        double mediaBound = 3.0 * v.kurentoLatencyMs() + 50;
        StringBuilder md = new StringBuilder("\n### The targets of issue 16\n\nJudged on " + describe(v)
                + ".\n\n| target | measured | met |\n|---|---|---|\n");
        Optional<RoundResult> burst = largestBurst(VIDGATE);
        burst.ifPresent(b -> target(md, b.participants() + " participants at once with 0 errors",
                b.errors() + " errors", b.errors() == 0));
        target(md, v.participants() + " participants with 0 errors", v.errors() + " errors", v.errors() == 0);
        target(md, "join p99 ≤ 200 ms", fmt(v.join().p99()) + " ms", v.join().p99() <= 200);
        target(md, "publish p99 ≤ 3 × " + v.kurentoLatencyMs() + " + 50 = " + fmt(mediaBound) + " ms",
                fmt(v.publish().p99()) + " ms", v.publish().p99() <= mediaBound);
        target(md, "subscribe p99 ≤ " + fmt(mediaBound) + " ms", fmt(v.subscribe().p99()) + " ms",
                v.subscribe().p99() <= mediaBound);
        Optional<RoundResult> theirs = largestBurst(OPENVIDU);
        if (theirs.isPresent() && burst.isPresent()) {
            if (sustained(OPENVIDU) > 0) {
                double rate = sustained(VIDGATE) / sustained(OPENVIDU);
                target(md, "≥ 2 × OpenVidu's sustained rate (p99 ≤ " + fmt(bound) + " ms)", fmt(rate) + " ×",
                        rate >= 2);
            } else {
                double lowest = rounds.stream().filter(r -> OPENVIDU.equals(r.target()) && !r.burst())
                        .mapToDouble(RoundResult::arrivalRate).min().orElse(0);
                target(md, "≥ 2 × OpenVidu's sustained rate (p99 ≤ " + fmt(bound) + " ms)", "OpenVidu: none (over "
                        + fmt(bound) + " ms already at " + fmt(lowest) + "/s); Vidgate: " + fmt(sustained(VIDGATE))
                        + " operations/s at " + fmt(sustainedRate(VIDGATE)) + "/s", sustained(VIDGATE) > 0);
            }
            int common = Math.min(burst.get().participants(), theirs.get().participants());
            double memory = heapPerParticipant(burst(VIDGATE, common).orElseThrow())
                    / Math.max(1e-9, heapPerParticipant(burst(OPENVIDU, common).orElseThrow()));
            target(md, "memory per participant ≤ OpenVidu's (" + common + " at once)", fmt(memory) + " ×",
                    memory <= 1);
        }
        return md.toString();
    }

    /** The steady round of all {@code participants} at the highest rate: the broker holding that many. */
    private Optional<RoundResult> capacity(String target) {
        return rounds.stream().filter(r -> target.equals(r.target()) && !r.burst() && r.participants() == participants)
                .max(Comparator.comparingDouble(RoundResult::arrivalRate));
    }

    private static String describe(RoundResult r) {
        return r.participants() + " participants " + (r.burst() ? "arriving at once"
                : "arriving at " + fmt(r.arrivalRate()) + " per second");
    }

    private String plot() {
        List<LatencyPlot.Series> series = new ArrayList<>();
        Map<String, String> colours = Map.of("join", "#1f77b4", "publish", "#2ca02c", "subscribe", "#9467bd");
        for (String target : List.of(VIDGATE, OPENVIDU)) {
            List<RoundResult> bursts = rounds.stream().filter(r -> r.target().equals(target) && r.burst())
                    .sorted(Comparator.comparingInt(RoundResult::participants)).toList();
            if (bursts.isEmpty()) {
                continue;
            }
            Map<String, Function<RoundResult, RoundResult.Latency>> kinds = Map.of("join", RoundResult::join,
                    "publish", RoundResult::publish, "subscribe", RoundResult::subscribe);
            for (String kind : List.of("join", "publish", "subscribe")) {
                List<double[]> points = bursts.stream()
                        .map(r -> new double[] {r.participants(), kinds.get(kind).apply(r).p99()}).toList();
                series.add(new LatencyPlot.Series((VIDGATE.equals(target) ? "Vidgate " : "OpenVidu ") + kind,
                        colours.get(kind), OPENVIDU.equals(target), points));
            }
        }
        return LatencyPlot.svg("p99 latency, everyone arriving at once (sessions of 10)", "participants",
                "p99 latency, ms", series, bound);
    }

    /** The line of the capacity round, or without one of the burst of {@code participants}. */
    private String summaryLine() {
        RoundResult r = capacity(VIDGATE).or(() -> rounds.stream().filter(round -> VIDGATE.equals(round.target())
                        && round.burst() && round.participants() == participants).findFirst())
                .or(() -> largestBurst(VIDGATE))
                .orElseThrow(() -> new IllegalStateException("no Vidgate round"));
        return String.format(Locale.ROOT, "BROKER LOAD participants=%d sessions=%d join_p50_ms=%s join_p99_ms=%s"
                        + " publish_p99_ms=%s subscribe_p99_ms=%s errors=%d", r.participants(), r.sessions(),
                fmt(r.join().p50()), fmt(r.join().p99()), fmt(r.publish().p99()), fmt(r.subscribe().p99()),
                r.errors());
    }

    /** The steady-arrival round with the highest operations/s among those within the bound; 0 if none. */
    private double sustained(String target) {
        return rounds.stream().filter(r -> target.equals(r.target()) && !r.burst() && r.withinBound())
                .mapToDouble(RoundResult::operationsPerSecond).max().orElse(0);
    }

    private Optional<RoundResult> largestBurst(String target) {
        return rounds.stream().filter(r -> target.equals(r.target()) && r.burst())
                .max(Comparator.comparingInt(RoundResult::participants));
    }

    private List<RoundResult> sorted(boolean bursts) {
        return rounds.stream().filter(r -> r.burst() == bursts)
                .sorted(Comparator.comparing(RoundResult::target).reversed()
                        .thenComparingInt(RoundResult::participants).thenComparingDouble(RoundResult::arrivalRate))
                .toList();
    }

    /** Objects left after the round; with, in brackets, those an earlier round had left, if any. */
    private static String objectsLeft(RoundResult r) {
        return r.kurentoObjectsLeft() + (r.kurentoObjectsBefore() > 0 ? " (" + r.kurentoObjectsBefore() + ")" : "");
    }

    private static double serverCpu(RoundResult r) {
        return r.cpuMsPerOperation().entrySet().stream().filter(e -> !"client".equals(e.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double heapPerParticipant(RoundResult r) {
        return r.heapMbPerProcess().values().stream().mapToDouble(h -> h.kibPerParticipant(r.participants())).sum();
    }

    private static void row(StringBuilder md, String figure, double ours, double theirs) {
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", figure, fmt(ours), fmt(theirs),
                theirs == 0 ? "–" : fmt(ours / theirs)));
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    private static String triple(RoundResult.Latency latency) {
        return fmt(latency.p50()) + " / " + fmt(latency.p99()) + " / " + fmt(latency.max());
    }

    private static String fmt(double value) {
        if (value >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
