package io.vidgate.bench.edgeping;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load client of {@code bench/edge-ping}. Two modes:
 *
 * <pre>
 * load --target=NAME=ws://host:port/openvidu … --rest=URL --secret=S [--sockets=100,1000] [--warmup=10s]
 *      [--duration=30s] [--join=all|none|NAME,…] [--per-session=20] [--threads=2] [--out=FILE]
 *      [--watch=NAME:PID,…] [--cpu-root=PID] [--rounds=1] [--quiet-below=PERCENT] [--quiet-wait=3m]
 *   For each socket count, for each target in turn: N sockets (joinRoom first where asked), each a closed loop of
 *   JSON-RPC ping round trips; after the warm-up, answers/s and latency percentiles over the measured window, and
 *   the CPU used meanwhile by the watched processes (a watched process named like a target is that path's proxy)
 *   and by everything outside the tree of cpu-root (other work on the machine).
 *
 * idle --target=NAME=ws://… --rest=URL --secret=S [--sockets=10000] [--heartbeat=5s] [--per-session=20]
 *      --ready-file=FILE --hold-until=FILE [--max-hold=10m] [--out=FILE]
 *   Opens and joins N sockets, writes the number held to ready-file, waits until hold-until exists (the caller
 *   measures the server meanwhile), then checks that every socket still answers a ping, and closes them.
 * </pre>
 *
 * Results are printed and appended to {@code --out} as Markdown.
 */
public final class EdgePingBench {

    private static final int PARALLEL_HANDSHAKES = 200;

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || !(argv[0].equals("load") || argv[0].equals("idle"))) {
            System.err.println("usage: load|idle --target=NAME=ws://… --rest=URL --secret=S … (see EdgePingBench)");
            System.exit(2);
        }
        Args args = new Args(argv);
        Tokens tokens = new Tokens(URI.create(args.get("rest", "http://127.0.0.1:5443")),
                args.get("secret", "vidgate-dev-secret"));
        try (Connector connector = new Connector(Integer.parseInt(args.get("threads", "2")))) {
            if (argv[0].equals("load")) {
                load(args, tokens, connector);
            } else {
                idle(args, tokens, connector);
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ load

    record Result(String target, int sockets, int ready, Map<String, Integer> joinAnswers, LoadRun.Window window,
            Map<String, Double> cpu, double minRate, double maxRate, List<Result> rounds) {

        /** Percent of one core used by a watched process (or "others") during the measured window; NaN if unknown. */
        double cpu(String name) {
            return cpu.getOrDefault(name, Double.NaN);
        }

        /** The rounds of one path pooled: answers and latencies of every measured window, CPU weighted by time. */
        static Result pooled(List<Result> rounds) {
            Result first = rounds.get(0);
            org.HdrHistogram.Histogram latencies = first.window().latencies().copy();
            long answers = 0;
            long bad = 0;
            long lost = 0;
            double seconds = 0;
            int ready = Integer.MAX_VALUE;
            Map<String, Integer> joinAnswers = new TreeMap<>();
            Map<String, Double> cpu = new LinkedHashMap<>();
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Result r : rounds) {
                LoadRun.Window w = r.window();
                if (r != first) {
                    latencies.add(w.latencies());
                }
                answers += w.answers();
                bad += w.badAnswers();
                lost += w.lostSockets();
                seconds += w.seconds();
                ready = Math.min(ready, r.ready());
                r.joinAnswers().forEach((answer, n) -> joinAnswers.merge(answer, n, Integer::sum));
                r.cpu().forEach((name, percent) -> cpu.merge(name, percent * w.seconds(), Double::sum));
                min = Math.min(min, w.perSecond());
                max = Math.max(max, w.perSecond());
            }
            double total = seconds;
            cpu.replaceAll((name, weighted) -> weighted / total);
            return new Result(first.target(), first.sockets(), ready, joinAnswers,
                    new LoadRun.Window(answers, seconds, latencies, bad, lost), cpu, min, max, List.copyOf(rounds));
        }
    }

    private static void load(Args args, Tokens tokens, Connector connector) throws Exception {
        List<Map.Entry<String, URI>> targets = new ArrayList<>(args.targets().entrySet());
        Duration warmup = args.duration("warmup", "10s");
        Duration measured = args.duration("duration", "20s");
        int rounds = Integer.parseInt(args.get("rounds", "1"));
        int perSession = Integer.parseInt(args.get("per-session", "20"));
        String join = args.get("join", "all");
        Map<String, Long> watched = new LinkedHashMap<>();
        watched.put("client", ProcessHandle.current().pid());
        watched.putAll(CpuAccounting.parseWatch(args.get("watch", "")));
        CpuAccounting cpu = new CpuAccounting(Long.parseLong(args.get("cpu-root", "0")), watched);
        double quietBelow = Double.parseDouble(args.get("quiet-below", "100000"));
        Duration quietWait = args.duration("quiet-wait", "3m");
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        List<Result> results = new ArrayList<>();
        for (String n : args.get("sockets", "100,1000").split(",")) {
            int sockets = Integer.parseInt(n.trim());
            Map<String, List<Result>> byTarget = new LinkedHashMap<>();
            targets.forEach(t -> byTarget.put(t.getKey(), new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                // Each round starts with another path, so that no path always runs first (or after the same one).
                for (int k = 0; k < targets.size(); k++) {
                    Map.Entry<String, URI> target = targets.get((k + round - 1) % targets.size());
                    waitForQuiet(cpu, quietBelow, quietWait);
                    boolean joins = join.equals("all") || List.of(join.split(",")).contains(target.getKey());
                    List<Tokens.Token> minted = joins ? tokens.mint("bench-" + runId + "-" + target.getKey() + "-"
                            + sockets + "-r" + round, sockets, perSession) : null;
                    Result result = loadOne(connector, cpu, target.getKey(), target.getValue(), sockets, minted, warmup,
                            measured);
                    byTarget.get(target.getKey()).add(result);
                    System.out.println("round " + round + "  " + line(result));
                    Thread.sleep(2_000); // let the servers settle (closes, GC) before the next path
                }
            }
            byTarget.values().forEach(list -> results.add(Result.pooled(list)));
        }
        String report = loadTable(results, warmup, measured, rounds);
        System.out.println();
        System.out.println(report);
        args.append("out", report);
    }

    /**
     * Waits, at most {@code maxWait}, until other work on the machine (outside the bench's processes) uses less than
     * {@code belowPercent} of a core over 2 s: on a shared 2-core machine a busy neighbour skews a row badly.
     */
    private static void waitForQuiet(CpuAccounting cpu, double belowPercent, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        long started = System.nanoTime();
        double others;
        do {
            CpuAccounting.Snapshot from = cpu.snapshot();
            Thread.sleep(2_000);
            others = cpu.usage(from, cpu.snapshot()).get("others");
        } while (others >= belowPercent && System.nanoTime() < deadline);
        long waited = (System.nanoTime() - started) / 1_000_000_000L;
        if (waited > 3) {
            System.out.printf(Locale.ROOT, "(waited %d s for other work on the machine to calm down: now %.0f%% of a core)%n",
                    waited, others);
        }
    }

    private static Result loadOne(Connector connector, CpuAccounting cpu, String name, URI uri, int count,
            List<Tokens.Token> minted, Duration warmup, Duration measured) throws Exception {
        LoadRun run = new LoadRun(count);
        // Each socket starts its loop as soon as it is ready; the warm-up begins once every socket got there.
        List<BenchSocket> sockets = connector.openAll(count, i -> plan(uri, minted == null ? null : minted.get(i)),
                run, PARALLEL_HANDSHAKES, (socket, error) -> {
                    if (error == null) {
                        socket.startLoop();
                    } else {
                        run.stopped.countDown();
                    }
                });
        Map<String, Integer> answers = new TreeMap<>();
        for (BenchSocket socket : sockets) {
            String answer;
            try {
                answer = socket.ready.get(120, TimeUnit.SECONDS).answer();
            } catch (Exception e) {
                answer = "failed";
            }
            answers.merge(answer, 1, Integer::sum);
        }
        progress(run, "warm-up", warmup);
        int inLoop = (int) sockets.stream().filter(BenchSocket::isOpen).count();
        CpuAccounting.Snapshot before = cpu.snapshot();
        run.startMeasuring();
        progress(run, "measured", measured);
        LoadRun.Window window = run.stopMeasuring();
        Map<String, Double> usage = cpu.usage(before, cpu.snapshot());
        run.running = false;
        run.stopped.await(30, TimeUnit.SECONDS);
        closeAll(sockets);
        return new Result(name, count, inLoop, answers, window, usage, window.perSecond(), window.perSecond(), List.of());
    }

    /** Sleeps for {@code length}, printing the answers per second of every 5 s on one line (a timeline, not a result). */
    private static void progress(LoadRun run, String phase, Duration length) throws InterruptedException {
        StringBuilder line = new StringBuilder("  " + phase + " msg/s per 5 s:");
        long end = System.nanoTime() + length.toNanos();
        long last = run.answersSoFar();
        while (System.nanoTime() < end) {
            long step = Math.min(5_000_000_000L, end - System.nanoTime());
            Thread.sleep(step / 1_000_000, (int) (step % 1_000_000));
            long now = run.answersSoFar();
            line.append(String.format(Locale.ROOT, " %,.0f", (now - last) / (step / 1e9)));
            last = now;
        }
        System.out.println(line);
    }

    private static Connector.Plan plan(URI uri, Tokens.Token token) {
        if (token == null) {
            return new Connector.Plan(uri, null);
        }
        // openvidu-browser connects to <wsUri>?sessionId=<S> and sends the whole token in joinRoom.
        URI withSession = URI.create(uri + "?sessionId=" + token.sessionId());
        return new Connector.Plan(withSession, Json.joinRoom(token.token(), token.sessionId()));
    }

    private static String line(Result r) {
        LoadRun.Window w = r.window();
        return String.format(Locale.ROOT,
                "%-8s %5d sockets (%d in the loop, joinRoom %s): %,10.0f msg/s  p50 %6.2f ms  p99 %6.2f ms  p99.9 %6.2f ms"
                        + "  max %7.2f ms  (bad answers %d, sockets lost %d)  CPU %% of a core %s",
                r.target(), r.sockets(), r.ready(), r.joinAnswers(), w.perSecond(), w.millisAt(50), w.millisAt(99),
                w.millisAt(99.9), w.latencies().getMaxValue() / 1000.0, w.badAnswers(), w.lostSockets(), cpuText(r));
    }

    private static String loadTable(List<Result> results, Duration warmup, Duration measured, int rounds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Closed-loop `ping` round trips: %d round(s) per row, each with a fresh set "
                        + "of sockets, %d s warm-up and %d s measured; the rounds pooled (msg/s over all measured "
                        + "seconds, percentiles over all answers; the range is the slowest and fastest round).%n%n",
                rounds, warmup.toSeconds(), measured.toSeconds()));
        out.append("| sockets | path | msg/s | (rounds) | p50 ms | p99 ms | p99.9 ms | max ms | proxy CPU µs/msg "
                + "| CPU % of a core: proxy / broker / client / others | joinRoom answers | errors |\n");
        out.append("|---:|---|---:|---|---:|---:|---:|---:|---:|---|---|---|\n");
        for (Result r : results) {
            LoadRun.Window w = r.window();
            double proxy = r.cpu(r.target());
            out.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %,.0f–%,.0f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s |%n",
                    r.sockets(), r.target(), w.perSecond(), r.minRate(), r.maxRate(), w.millisAt(50), w.millisAt(99),
                    w.millisAt(99.9), w.latencies().getMaxValue() / 1000.0,
                    Double.isNaN(proxy) ? "–" : String.format(Locale.ROOT, "%.1f", proxy * 1e4 / w.perSecond()),
                    String.format(Locale.ROOT, "%s / %.0f / %.0f / %.0f",
                            Double.isNaN(proxy) ? "–" : String.format(Locale.ROOT, "%.0f", proxy),
                            r.cpu("broker"), r.cpu("client"), r.cpu("others")),
                    answers(r.joinAnswers()),
                    w.badAnswers() + w.lostSockets() + (r.sockets() - r.ready()) == 0 ? "none"
                            : "not in the loop " + (r.sockets() - r.ready()) + ", bad answers " + w.badAnswers()
                                    + ", lost " + w.lostSockets()));
        }
        Map<Integer, Map<String, Result>> byCount = new LinkedHashMap<>();
        results.forEach(r -> byCount.computeIfAbsent(r.sockets(), k -> new LinkedHashMap<>()).put(r.target(), r));
        out.append("\nRatios: pooled over the rounds; in brackets, the median of the per-round ratios (paths of one round "
                + "run back to back, so a disturbance of the machine hits them alike).\n");
        out.append("\n| sockets | gateway/nginx msg/s | gateway/nginx p99 | gateway/direct msg/s | gateway/direct p99 "
                + "| nginx/direct msg/s |\n|---:|---:|---:|---:|---:|---:|\n");
        byCount.forEach((count, row) -> out.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n",
                count, ratio(row, "gateway", "nginx", false), ratio(row, "gateway", "nginx", true),
                ratio(row, "gateway", "direct", false), ratio(row, "gateway", "direct", true),
                ratio(row, "nginx", "direct", false))));
        return out.toString();
    }

    private static String cpuText(Result r) {
        StringBuilder out = new StringBuilder();
        r.cpu().forEach((name, percent) -> out.append(out.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.0f", name, percent)));
        return out.toString();
    }

    private static String answers(Map<String, Integer> answers) {
        StringBuilder out = new StringBuilder();
        answers.forEach((answer, n) -> out.append(out.length() == 0 ? "" : ", ").append(n).append("× ").append(answer));
        return out.toString();
    }

    /** The pooled ratio, and in brackets the median of the per-round ratios (each round runs every path in turn). */
    private static String ratio(Map<String, Result> row, String a, String b, boolean p99) {
        Result x = row.get(a);
        Result y = row.get(b);
        if (x == null || y == null) {
            return "–";
        }
        double pooled = p99 ? x.window().millisAt(99) / y.window().millisAt(99)
                : x.window().perSecond() / y.window().perSecond();
        List<Double> perRound = new ArrayList<>();
        for (int i = 0; i < Math.min(x.rounds().size(), y.rounds().size()); i++) {
            LoadRun.Window wx = x.rounds().get(i).window();
            LoadRun.Window wy = y.rounds().get(i).window();
            perRound.add(p99 ? wx.millisAt(99) / wy.millisAt(99) : wx.perSecond() / wy.perSecond());
        }
        if (perRound.size() < 2) {
            return String.format(Locale.ROOT, "%.2f×", pooled);
        }
        perRound.sort(null);
        int n = perRound.size();
        double median = n % 2 == 1 ? perRound.get(n / 2) : (perRound.get(n / 2 - 1) + perRound.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.2f× (%.2f×)", pooled, median);
    }

    // ------------------------------------------------------------------ idle

    private static void idle(Args args, Tokens tokens, Connector connector) throws Exception {
        Map.Entry<String, URI> target = args.targets().entrySet().iterator().next();
        int count = Integer.parseInt(args.get("sockets", "10000"));
        Duration heartbeat = args.duration("heartbeat", "5s");
        Path readyFile = Path.of(args.require("ready-file"));
        Path holdUntil = Path.of(args.require("hold-until"));
        Duration maxHold = args.duration("max-hold", "10m");
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

        long t0 = System.nanoTime();
        List<Tokens.Token> minted = tokens.mint("idle-" + runId, count, Integer.parseInt(args.get("per-session", "20")));
        long t1 = System.nanoTime();
        List<BenchSocket> sockets = connector.openAll(count, i -> plan(target.getValue(), minted.get(i)), null,
                PARALLEL_HANDSHAKES, (socket, error) -> {
                    if (error == null && !heartbeat.isZero()) {
                        socket.startHeartbeat(heartbeat.toMillis());
                    }
                });
        Map<String, Integer> answers = new TreeMap<>();
        for (BenchSocket socket : sockets) {
            try {
                answers.merge(socket.ready.get(120, TimeUnit.SECONDS).answer(), 1, Integer::sum);
            } catch (Exception e) {
                answers.merge("failed", 1, Integer::sum);
            }
        }
        Thread.sleep(1_000); // a refused joinRoom is answered, then closed
        int ready = (int) sockets.stream().filter(BenchSocket::isOpen).count();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "idle: %d tokens minted in %.1f s; %d of %d sockets open after joinRoom in %.1f s (%s)%n",
                count, (t1 - t0) / 1e9, ready, count, (t2 - t1) / 1e9, answers);
        Files.writeString(readyFile, Integer.toString(ready));

        long deadline = System.nanoTime() + maxHold.toNanos();
        while (!Files.exists(holdUntil) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long openAfterHold = sockets.stream().filter(BenchSocket::isOpen).count();
        List<CompletableFuture<Boolean>> checks = sockets.stream().map(BenchSocket::pingOnce).toList();
        int alive = 0;
        for (CompletableFuture<Boolean> check : checks) {
            try {
                alive += check.get(60, TimeUnit.SECONDS) ? 1 : 0;
            } catch (TimeoutException e) {
                // not alive
            }
        }
        long heartbeats = sockets.stream().mapToLong(BenchSocket::heartbeatAnswers).sum();
        String report = String.format(Locale.ROOT, "%d sockets asked; %d open after joinRoom (answers: %s); %d still open after the hold; "
                        + "%d answered a ping after the hold; %d heartbeat pings answered during the hold (every %d s)",
                count, ready, answers(answers), openAfterHold, alive, heartbeats, heartbeat.toSeconds());
        System.out.println("idle: " + report);
        args.append("out", report + "\n");
        closeAll(sockets);
    }

    private static void closeAll(List<BenchSocket> sockets) {
        sockets.forEach(socket -> {
            if (socket.isOpen()) {
                socket.close();
            }
        });
        try {
            CompletableFuture.allOf(sockets.stream().map(s -> s.closed).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("warning: some sockets did not close within 30 s");
        }
    }

    // ------------------------------------------------------------------ arguments

    /** {@code --key=value} arguments; {@code --target} may repeat. */
    private static final class Args {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, URI> targets = new LinkedHashMap<>();

        Args(String[] argv) {
            for (int i = 1; i < argv.length; i++) {
                String arg = argv[i];
                int eq = arg.indexOf('=');
                if (!arg.startsWith("--") || eq < 0) {
                    throw new IllegalArgumentException("expected --key=value: " + arg);
                }
                String key = arg.substring(2, eq);
                String value = arg.substring(eq + 1);
                if (key.equals("target")) {
                    int sep = value.indexOf('=');
                    targets.put(value.substring(0, sep), URI.create(value.substring(sep + 1)));
                } else {
                    values.put(key, value);
                }
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("at least one --target=NAME=ws://host:port/openvidu");
            }
        }

        Map<String, URI> targets() {
            return targets;
        }

        String get(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        String require(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalArgumentException("--" + key + " is required");
            }
            return value;
        }

        /** 500ms, 10s, 2m, 0. */
        Duration duration(String key, String fallback) {
            String text = get(key, fallback).trim();
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        }

        void append(String key, String text) throws IOException {
            String file = values.get(key);
            if (file != null) {
                Files.writeString(Path.of(file), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }
}
