package io.vidgate.bench.chaossoak;

import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vidgate.bench.signaling.Backend;
import io.vidgate.bench.signaling.Emulator;
import io.vidgate.bench.signaling.SignalingClient;
import io.vidgate.bench.signaling.SignalingTransport;

/**
 * The client side of bench/chaos-soak: participants join, publish, subscribe and leave through the gateway's edge
 * while chaos happens, then the checks of what must hold afterwards.
 *
 * <ol>
 *   <li>Warm-up ({@code --warmup} s): the same traffic without chaos, every life ending in leaveRoom; then
 *       {@code --warm-file} is written and the run waits for {@code --go-file} (the script measures the heap
 *       baseline meanwhile).</li>
 *   <li>Chaos ({@code --seconds} s): about {@code --clients} participants at a time over {@code --sessions}
 *       sessions, joining one every 0.3–0.9 s (moderate bursts); lives of 8–48 s ending in leaveRoom (65 %), a
 *       kill (20 %) or a malformed frame (15 %); and every 3–7 s one chaos action on the Kurento side (latency,
 *       failing calls, a call never answered, dropped Kurento connections) or the client side (a live
 *       participant killed, a socket whose first frame is garbage). The script restarts the emulator
 *       meanwhile.</li>
 *   <li>Final checks: faults cleared; every participant still connected must answer a ping and subscribe to a
 *       fresh publisher of its session; then everyone leaves, and within 120 s the emulator must hold 0 objects,
 *       the broker list 0 active connections and the gateway 0 edge sockets.</li>
 * </ol>
 * Writes {@code client.md} (tables) and {@code figures.env} (for the script's summary) into {@code --out}.
 */
public final class ChaosSoak {

    enum Phase { WARMUP, CHAOS }

    private static final List<String> FAILING_CALLS = List.of("create:MediaPipeline", "create:WebRtcEndpoint",
            "invoke:processOffer", "invoke:generateOffer", "invoke:processAnswer", "invoke:gatherCandidates",
            "invoke:connect", "invoke:addIceCandidate");
    /** Longer than the emulator's session GC in the soak (30 s): objects of a dropped Kurento session go with it. */
    private static final Duration CONVERGENCE = Duration.ofSeconds(120);

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** One event loop is plenty for the soak's few dozen sockets. */
    private final SignalingTransport sockets = new SignalingTransport(1);
    private final URI edge;
    private final Backend backend;
    private final Emulator emulator;
    private final Figures figures = new Figures();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final ExecutorService lives = Executors.newCachedThreadPool();
    private final Set<Participant> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger running = new AtomicInteger();
    private final int clients;
    private final int sessions;
    private volatile long warmupEnd;
    private volatile long chaosEnd = Long.MAX_VALUE;

    private ChaosSoak(Map<String, String> options) {
        this.options = options;
        this.edge = URI.create(options.get("edge"));
        this.backend = new Backend(http, URI.create(options.get("rest")), options.get("secret"));
        this.emulator = new Emulator(http, URI.create(options.get("kurento")));
        this.clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        this.sessions = Integer.parseInt(options.getOrDefault("sessions", "4"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (String required : List.of("edge", "rest", "secret", "kurento", "seconds", "out")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + "=… is required");
            }
        }
        new ChaosSoak(options).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path out = Path.of(options.get("out"));
        Files.createDirectories(out);
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));
        int seconds = Integer.parseInt(options.get("seconds"));

        say("warm-up: " + warmup + " s, up to " + clients + " participants, no chaos");
        warmupEnd = System.currentTimeMillis() + warmup * 1000L;
        spawnUntil(Phase.WARMUP);
        awaitLives(Duration.ofSeconds(90));
        long warmJoins = figures.get("action join");
        int objectsAfterWarmup = awaitQuiet();
        say("warm-up done: " + warmJoins + " joins; Kurento objects now " + objectsAfterWarmup);
        if (options.containsKey("warm-file")) {
            Files.writeString(Path.of(options.get("warm-file")), warmJoins + "\n");
            awaitFile(Path.of(options.get("go-file")), Duration.ofMinutes(5));
        }
        long warmupJoins = warmJoins;

        say("chaos: " + seconds + " s");
        chaosEnd = System.currentTimeMillis() + seconds * 1000L;
        scheduleChaos();
        spawnUntil(Phase.CHAOS);
        say("chaos over; waiting for lives in progress to settle");
        awaitLives(Duration.ofSeconds(120));

        Map<String, String> results = finalChecks();
        results.put("JOINS", String.valueOf(figures.get("action join") - warmupJoins));
        results.put("WARMUP_JOINS", String.valueOf(warmupJoins));
        results.put("OBJECTS_AFTER_WARMUP", String.valueOf(objectsAfterWarmup));
        results.put("KILLS", String.valueOf(figures.get("action kill")));
        results.put("MALFORMED", String.valueOf(figures.get("action malformed") + figures.get("action garbage first frame")));
        results.put("FAULTS", String.valueOf(figures.sum("action kurento")));

        StringBuilder env = new StringBuilder();
        results.forEach((key, value) -> env.append(key).append('=').append(value).append('\n'));
        Files.writeString(out.resolve("figures.env"), env.toString());
        Files.writeString(out.resolve("client.md"), report(results));
        say("done: " + results);
        scheduler.shutdownNow();
        lives.shutdownNow();
        sockets.close();
    }

    // ---------------------------------------------------------------- traffic

    /** Keeps about {@code clients} lives going, one new join every 0.3–0.9 s, until the phase is over. */
    private void spawnUntil(Phase phase) throws InterruptedException {
        while (!over(phase)) {
            if (running.get() < clients) {
                running.incrementAndGet();
                lives.submit(() -> life(phase));
                Thread.sleep(300 + ThreadLocalRandom.current().nextInt(600));
            } else {
                Thread.sleep(200);
            }
        }
    }

    private void life(Phase phase) {
        Participant participant = new Participant(this, "soak-" + ThreadLocalRandom.current().nextInt(sessions));
        try {
            if (!participant.join()) {
                return;
            }
            live.add(participant);
            boolean stays = participant.live(8_000 + ThreadLocalRandom.current().nextInt(40_000), phase);
            if (stays) {
                return; // still connected when the chaos ended: kept for the final checks
            }
            if (participant.isOpen()) {
                participant.end(phase == Phase.WARMUP ? Participant.Ending.LEAVE : ending());
            }
            live.remove(participant);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            figures.count("end client exception " + e.getClass().getSimpleName() + ": " + e.getMessage());
            live.remove(participant);
        } finally {
            running.decrementAndGet();
        }
    }

    private static Participant.Ending ending() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        return roll < 65 ? Participant.Ending.LEAVE : roll < 85 ? Participant.Ending.KILL : Participant.Ending.MALFORMED;
    }

    // ---------------------------------------------------------------- chaos

    private void scheduleChaos() {
        scheduler.schedule(this::chaosAction, 3 + ThreadLocalRandom.current().nextInt(5), TimeUnit.SECONDS);
    }

    private void chaosAction() {
        if (over(Phase.CHAOS)) {
            return;
        }
        try {
            int roll = ThreadLocalRandom.current().nextInt(100);
            if (roll < 25) {
                int min = 20 + ThreadLocalRandom.current().nextInt(80);
                int max = min + 100 + ThreadLocalRandom.current().nextInt(400);
                if (kurento("latency " + min + "-" + max + " ms", emulator.latency(min, max))) {
                    scheduler.schedule(emulator::noLatency, 8 + ThreadLocalRandom.current().nextInt(8), TimeUnit.SECONDS);
                }
            } else if (roll < 55) {
                String call = FAILING_CALLS.get(ThreadLocalRandom.current().nextInt(FAILING_CALLS.size()));
                int count = 1 + ThreadLocalRandom.current().nextInt(2);
                kurento("error on " + call, emulator.failNext(call, count, "ERROR", 40003));
            } else if (roll < 60) {
                kurento("no response to invoke:processOffer", emulator.failNext("invoke:processOffer", 1, "NO_RESPONSE", 0));
            } else if (roll < 70) {
                kurento("drop the broker's Kurento connection", emulator.dropConnections());
            } else if (roll < 90) {
                List<Participant> candidates = new ArrayList<>(live);
                if (!candidates.isEmpty()) {
                    Participant victim = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
                    if (victim.isOpen()) {
                        say("chaos: kill " + victim.connectionId());
                        victim.kill();
                        live.remove(victim);
                    }
                }
            } else {
                garbageFirstFrame();
            }
        } catch (RuntimeException e) {
            figures.count("action failed: " + e);
        } finally {
            scheduler.schedule(this::chaosAction, 3 + ThreadLocalRandom.current().nextInt(5), TimeUnit.SECONDS);
        }
    }

    /** Counts a Kurento-side action by kind, or that the emulator (being restarted) did not take it. */
    private boolean kurento(String what, boolean done) {
        say((done ? "chaos: " : "chaos (emulator down, skipped): ") + what);
        figures.count(done ? "action kurento " + what.replaceAll("\\d+-\\d+ ms", "(random)") : "skipped (emulator down) " + what);
        return done;
    }

    /** A socket whose first frame is garbage: the edge must refuse it. */
    private void garbageFirstFrame() {
        figures.count("action garbage first frame");
        say("chaos: a socket whose first frame is garbage");
        try {
            SignalingClient socket = SignalingClient.open(sockets, edge);
            socket.sendRaw(Malformed.frame("garbage"));
            String outcome;
            try {
                outcome = socket.closed().get(5, TimeUnit.SECONDS);
            } catch (Exception stillOpen) {
                outcome = "STILL OPEN after 5 s";
                socket.close();
            }
            figures.count("malformed garbage as first frame: " + outcome);
        } catch (RuntimeException e) {
            figures.count("malformed garbage as first frame: handshake failed");
        }
    }

    // ---------------------------------------------------------------- final checks

    private Map<String, String> finalChecks() throws InterruptedException {
        Map<String, String> results = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(emulator.clearFaults() && emulator.noLatency()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        List<Participant> stayed = new ArrayList<>(live);
        int connected = 0;
        int working = 0;
        Map<String, List<Participant>> bySession = new LinkedHashMap<>();
        for (Participant participant : stayed) {
            if (participant.isOpen()) {
                connected++;
                bySession.computeIfAbsent(participant.sessionId, key -> new ArrayList<>()).add(participant);
            } else {
                figures.count("final closed before the checks");
            }
        }
        List<Participant> checkers = new ArrayList<>();
        for (Map.Entry<String, List<Participant>> session : bySession.entrySet()) {
            Participant checker = new Participant(this, session.getKey());
            if (!checker.join() || !checker.publish()) {
                figures.count("final FRESH PUBLISHER FAILED in its session");
                session.getValue().forEach(p -> figures.count("final broken: nothing to subscribe to"));
                checkers.add(checker);
                continue;
            }
            checkers.add(checker);
            for (Participant participant : session.getValue()) {
                String problem = participant.check(checker.streamId(), checker.connectionId());
                if (problem == null) {
                    working++;
                    figures.count("final ok: ping answered, subscribed to a fresh publisher");
                } else {
                    figures.count("final broken: " + problem);
                }
            }
        }
        say("final: " + connected + " still connected, " + working + " answered a ping and subscribed");
        for (Participant participant : stayed) {
            participant.leave();
        }
        for (Participant checker : checkers) {
            checker.leave();
        }
        Thread.sleep(1_000);
        results.put("OBJECTS_RIGHT_AFTER", String.valueOf(emulator.objects()));
        long start = System.currentTimeMillis();
        int objects;
        int ghosts;
        int sockets;
        do {
            Thread.sleep(1_000);
            objects = emulator.objects();
            ghosts = activeConnections();
            sockets = backend.edgeSockets();
        } while ((objects != 0 || ghosts != 0 || sockets != 0)
                && System.currentTimeMillis() - start < CONVERGENCE.toMillis());
        long settled = (System.currentTimeMillis() - start) / 1000;
        if (objects != 0) {
            say("Kurento objects left: " + emulator.objectsReport());
        }
        results.put("STILL_CONNECTED", String.valueOf(connected));
        results.put("STILL_WORKING", String.valueOf(working));
        results.put("LEAKED_OBJECTS", String.valueOf(objects));
        results.put("GHOST_CONNECTIONS", String.valueOf(ghosts));
        results.put("EDGE_SOCKETS", String.valueOf(sockets));
        results.put("SETTLED_SECONDS", String.valueOf(settled));
        return results;
    }

    private int activeConnections() {
        try {
            return backend.activeConnections();
        } catch (Exception e) {
            return -1;
        }
    }

    /** After the warm-up: waits (30 s at most) until Kurento holds no object; returns the count. */
    private int awaitQuiet() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int objects = emulator.objects();
        while (objects != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            objects = emulator.objects();
        }
        return objects;
    }

    private void awaitLives(Duration bound) throws InterruptedException {
        long deadline = System.currentTimeMillis() + bound.toMillis();
        while (running.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        if (running.get() > 0) {
            figures.count("final lives still running after " + bound.toSeconds() + " s");
        }
    }

    private static void awaitFile(Path file, Duration bound) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + bound.toMillis();
        while (!Files.exists(file)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IOException(file + " did not appear within " + bound);
            }
            Thread.sleep(200);
        }
    }

    private String report(Map<String, String> results) {
        return "What the clients did (chaos phase and warm-up together):\n\n"
                + figures.table("action ", "action") + "\n"
                + "How the lives ended:\n\n" + figures.table("end ", "ending") + "\n"
                + "Malformed frames and what the stack did with them:\n\n" + figures.table("malformed ", "frame: outcome")
                + "\nSignaling answers, by method and outcome:\n\n" + figures.table("rpc ", "request: outcome") + "\n"
                + "Chaos actions the emulator missed (it was being restarted):\n\n"
                + figures.table("skipped (emulator down) ", "action") + "\n"
                + "Final checks:\n\n" + figures.table("final ", "check") + "\n"
                + "Notifications received:\n\n" + figures.table("notification ", "method") + "\n";
    }

    // ---------------------------------------------------------------- for the participants

    boolean over(Phase phase) {
        return System.currentTimeMillis() >= (phase == Phase.WARMUP ? warmupEnd : chaosEnd);
    }

    Figures figures() {
        return figures;
    }

    Backend backend() {
        return backend;
    }

    SignalingTransport sockets() {
        return sockets;
    }

    URI edge() {
        return edge;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    private static void say(String line) {
        System.out.println(java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0) + " chaos-soak client: " + line);
    }
}
