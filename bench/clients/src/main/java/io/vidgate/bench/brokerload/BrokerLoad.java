package io.vidgate.bench.brokerload;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vidgate.bench.brokerload.Operations.Kind;
import io.vidgate.bench.signaling.Backend;
import io.vidgate.bench.signaling.Emulator;
import io.vidgate.bench.signaling.SignalingClient;
import io.vidgate.bench.signaling.SignalingTransport;

/**
 * One round of bench/broker-load against one target (Vidgate's gateway and broker, or openvidu-server 2.32.1): N
 * participants in sessions of {@code --session-size}, arriving all at once ({@code --arrival=burst}) or at a steady
 * rate ({@code --arrival=<participants per second>}). Each joins, publishes and subscribes to every other publisher
 * of its session ({@link LoadParticipant}); when all are ready they hold for {@code --hold} seconds, pinging, then all
 * leave and the round waits for the target's Kurento (its emulator) to hold no object. What does not happen in
 * time ({@code --ready-timeout}, default 30 s after the last arrival; {@code --settle-timeout}, 30 s) is counted. Tokens come from the target's
 * REST API before the arrivals: the app backend's work is not what is measured.
 *
 * <p>Writes the round's {@link RoundResult} as JSON to {@code --out}. Exit status: 0 when there was no error and
 * the p99 of join, publish and subscribe is within {@code --p99-bound-ms}; 10 when the round ran but missed that;
 * 1 when the bench itself failed.
 */
public final class BrokerLoad {

    /**
     * Event loops for every participant's socket: two keep up with a thousand participants on this machine's two
     * cores, and more would only take turns from the servers measured.
     */
    private static final int SOCKET_THREADS = 2;
    private static final int TOKEN_REQUESTS_AT_ONCE = 8;

    private final Map<String, String> options;
    private final int participants;
    private final int sessionSize;
    private final double arrivalRate;
    /** REST only (tokens, the emulator's objects): the sockets are the {@link #sockets}'. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final SignalingTransport sockets = new SignalingTransport(SOCKET_THREADS);
    private final Operations operations = new Operations();
    /** Arrivals at a steady rate; everything else a participant does runs on its socket's event loop. */
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private BrokerLoad(Map<String, String> options) {
        this.options = options;
        this.participants = Integer.parseInt(required("participants"));
        this.sessionSize = Integer.parseInt(options.getOrDefault("session-size", "10"));
        String arrival = options.getOrDefault("arrival", "burst");
        this.arrivalRate = "burst".equals(arrival) ? 0 : Double.parseDouble(arrival);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            options.put(arg.substring(2, equals < 0 ? arg.length() : equals), equals < 0 ? "true" : arg.substring(equals + 1));
        }
        RoundResult result = new BrokerLoad(options).run();
        System.out.println(summary(result));
        result.errorKinds().forEach((kind, count) -> System.out.println("  error ×" + count + ": " + kind));
        System.exit(result.withinBound() ? 0 : 10);
    }

    private RoundResult run() throws Exception {
        Backend backend = new Backend(http, URI.create(required("rest")), required("secret"));
        Emulator emulator = new Emulator(http, URI.create(required("kurento")));
        ProcessMeter meter = new ProcessMeter(options.getOrDefault("processes", ""));
        URI edge = URI.create(required("edge"));
        String round = Long.toString(System.currentTimeMillis() % 100_000_000, 36);
        int sessions = (participants + sessionSize - 1) / sessionSize;

        List<LoadParticipant> all = mintTokens(backend, round);
        Map<String, Double> heapBefore = options.containsKey("heap") ? meter.heapAfterGcMb() : Map.of();

        warmUpClient(edge);
        int objectsBefore = emulator.objects();
        Map<String, Long> cpuBefore = meter.cpuMillis();
        long start = System.nanoTime();
        arrive(all, edge);
        boolean allReady = awaitReady(all, start);
        long activeNanos = System.nanoTime() - start;
        Map<String, Long> cpuAfter = meter.cpuMillis();
        if (!allReady) {
            for (LoadParticipant participant : all) {
                String why = participant.notReady();
                if (why != null) {
                    operations.error(why);
                }
            }
        }
        for (LoadParticipant participant : all) {
            await(participant.candidatesAnswered(), SignalingClient.REQUEST_TIMEOUT.plusSeconds(5));
        }

        long hold = TimeUnit.SECONDS.toNanos(Long.parseLong(options.getOrDefault("hold", "6")));
        Map<String, Double> heapLoaded = options.containsKey("heap") ? meter.heapAfterGcMb() : Map.of();
        long holdLeft = hold - (System.nanoTime() - start - activeNanos);
        if (holdLeft > 0) {
            TimeUnit.NANOSECONDS.sleep(holdLeft);
        }

        CompletableFuture<?>[] leaving = all.stream().map(LoadParticipant::leave).toArray(CompletableFuture[]::new);
        await(CompletableFuture.allOf(leaving), SignalingClient.REQUEST_TIMEOUT.plusSeconds(10));
        long settleStart = System.nanoTime();
        Duration settleTimeout = seconds("settle-timeout", 30);
        int objects = emulator.objects();
        while (objects != 0 && System.nanoTime() - settleStart < settleTimeout.toNanos()) {
            Thread.sleep(200);
            objects = emulator.objects();
        }
        scheduler.shutdownNow();
        sockets.close();

        long operationsDone = operations.count(Kind.JOIN) + operations.count(Kind.PUBLISH)
                + operations.count(Kind.SUBSCRIBE);
        Map<String, Double> cpuPerOperation = new LinkedHashMap<>();
        cpuBefore.forEach((name, before) -> cpuPerOperation.put(name,
                Math.round((cpuAfter.get(name) - before) * 1000.0 / Math.max(1, operationsDone)) / 1000.0));
        Map<String, RoundResult.Heap> heap = new LinkedHashMap<>();
        heapBefore.forEach((name, before) -> heap.put(name, new RoundResult.Heap(before, heapLoaded.get(name))));
        RoundResult result = new RoundResult(required("target"), arrivalRate, participants, sessions, sessionSize,
                Integer.parseInt(options.getOrDefault("kurento-latency-ms", "0")), operations.latency(Kind.JOIN),
                operations.latency(Kind.PUBLISH), operations.latency(Kind.SUBSCRIBE), operations.latency(Kind.PING),
                operations.latency(Kind.LEAVE), operationsDone, activeNanos / 1e9, operations.errorCount(),
                operations.errors(), cpuPerOperation, heap, objectsBefore, objects,
                Math.round((System.nanoTime() - settleStart) / 1e8) / 10.0,
                Double.parseDouble(options.getOrDefault("p99-bound-ms", "200")));
        Path out = Path.of(required("out"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, SignalingClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        return result;
    }

    /**
     * One WebSocket opened and closed before the arrivals: each round is a new client JVM, whose first connection
     * loads and compiles the client's socket code — 400 ms that were measured as the first participant's join.
     */
    private void warmUpClient(URI edge) {
        try {
            SignalingClient.connect(sockets, edge).get(10, TimeUnit.SECONDS).close();
        } catch (Exception refused) {
            // the round's own connections will say what is wrong
        }
    }

    /** Sessions of {@code sessionSize}, each participant with its token, minted a few at a time. */
    private List<LoadParticipant> mintTokens(Backend backend, String round) throws Exception {
        ExecutorService minting = Executors.newFixedThreadPool(TOKEN_REQUESTS_AT_ONCE);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                String sessionId = sessionId(round, i);
                tokens.add(minting.submit(() -> backend.token(sessionId)));
            }
            List<LoadParticipant> all = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                int sessionMembers = Math.min(sessionSize, participants - i / sessionSize * sessionSize);
                all.add(new LoadParticipant(sessionId(round, i), tokens.get(i).get(60, TimeUnit.SECONDS),
                        sessionMembers - 1, operations));
            }
            return all;
        } finally {
            minting.shutdownNow();
        }
    }

    private String sessionId(String round, int participant) {
        return "load-" + round + "-" + participant / sessionSize;
    }

    /** Everyone at once, or one every 1/rate seconds. */
    private void arrive(List<LoadParticipant> all, URI edge) {
        for (int i = 0; i < all.size(); i++) {
            LoadParticipant participant = all.get(i);
            if (arrivalRate == 0) {
                participant.arrive(sockets, edge);
            } else {
                scheduler.schedule(() -> participant.arrive(sockets, edge), (long) (i * 1e9 / arrivalRate),
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    /** true when every participant is ready (or failed, counted) before the arrivals' end plus the timeout. */
    private boolean awaitReady(List<LoadParticipant> all, long start) throws InterruptedException {
        long arrivals = arrivalRate == 0 ? 0 : (long) (all.size() * 1e9 / arrivalRate);
        long deadline = start + arrivals + seconds("ready-timeout", 30).toNanos();
        CompletableFuture<Void> everyone = CompletableFuture.allOf(
                all.stream().map(LoadParticipant::ready).toArray(CompletableFuture[]::new));
        try {
            everyone.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return all.stream().allMatch(participant -> participant.notReady() == null);
        } catch (TimeoutException | java.util.concurrent.ExecutionException late) {
            return false;
        }
    }

    private static void await(CompletableFuture<?> future, Duration timeout) throws InterruptedException {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException counted) {
            // the requests time out on their own and are counted as errors
        }
    }

    /** {@code --<name>=<seconds>}: how long a round waits before it counts what did not happen as errors. */
    private Duration seconds(String name, long defaultSeconds) {
        return Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, Long.toString(defaultSeconds))));
    }

    private String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String summary(RoundResult r) {
        return String.format("ROUND target=%s arrival=%s participants=%d join_p99_ms=%.1f publish_p99_ms=%.1f"
                        + " subscribe_p99_ms=%.1f ops_per_s=%.0f errors=%d objects_left=%d within_bound=%s",
                r.target(), r.burst() ? "burst" : r.arrivalRate() + "/s", r.participants(), r.join().p99(),
                r.publish().p99(), r.subscribe().p99(), r.operationsPerSecond(), r.errors(), r.kurentoObjectsLeft(),
                r.withinBound());
    }
}
