package io.vidgate.bench.webhookorder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.vidgate.bench.signaling.SignalingClient;
import io.vidgate.bench.signaling.SignalingTransport;
import tools.jackson.databind.JsonNode;

/**
 * Records what a server posts as OpenVidu webhook events while signaling-level participants go through the session
 * lifecycle: the evidence of the order OpenVidu 2.32.1 emits its events in (issue 17), re-recorded by
 * bench/webhook-order/run. Each scenario's bodies, exactly as they arrived (one per line, in arrival order — openvidu
 * posts them from one thread, so arrival order is emission order), go to {@code <out>/<scenario>.jsonl}; the steps
 * the clients took, with their wall-clock times, go to standard output next to a one-line summary of each event.
 *
 * <pre>
 *   java -cp bench-clients.jar io.vidgate.bench.webhookorder.WebhookOrder --rest=http://127.0.0.1:24443
 *     --edge=ws://127.0.0.1:24443/openvidu --secret=S --webhook-port=24999 --out=DIR [--scenarios=a,b,c,d,e,f,g,h,i]
 * </pre>
 * The server must post its webhooks to {@code http://127.0.0.1:<webhook-port>/}; for scenario f (a session nobody
 * joins) its session garbage collector must run within a minute (OPENVIDU_SESSIONS_GARBAGE_INTERVAL/THRESHOLD).
 */
public final class WebhookOrder {

    /** No event for this long: the scenario's events are all in. */
    private static final long QUIET_MILLIS = 2_000;

    private final Rest rest;
    private final URI edge;
    private final Path out;
    private final WebhookRecorder recorder;
    private final SignalingTransport sockets = new SignalingTransport(1);

    private WebhookOrder(Rest rest, URI edge, Path out, WebhookRecorder recorder) {
        this.rest = rest;
        this.edge = edge;
        this.out = out;
        this.recorder = recorder;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path out = Path.of(required(options, "out"));
        Files.createDirectories(out);
        try (WebhookRecorder recorder = WebhookRecorder.listen(Integer.parseInt(required(options, "webhook-port")))) {
            Rest rest = new Rest(HttpClient.newHttpClient(), URI.create(required(options, "rest")),
                    required(options, "secret"));
            WebhookOrder order = new WebhookOrder(rest, URI.create(required(options, "edge")), out, recorder);
            List<String> scenarios = Arrays.asList(options.getOrDefault("scenarios", "a,b,c,d,e,f,g,h,i").split(","));
            try {
                for (String scenario : scenarios) {
                    order.run(scenario.trim());
                }
            } finally {
                order.sockets.close();
            }
        }
        System.exit(0);
    }

    private void run(String scenario) throws Exception {
        recorder.clear();
        Steps.say("=== scenario " + scenario);
        switch (scenario) {
            case "a" -> twoPublishersLeaveOneByOne("order-a");
            case "b" -> forceDisconnectByRest("order-b");
            case "c" -> deleteSessionByRest("order-c");
            case "d" -> unpublishAndUnsubscribe("order-d");
            case "e" -> signals("order-e");
            case "f" -> sessionNobodyJoins("order-f");
            case "g" -> socketLostWithoutLeaveRoom("order-g", false);
            case "h" -> socketLostWithoutLeaveRoom("order-h", true);
            case "i" -> twoPublishersAsTheBrowserTest("order-i");
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        List<String> bodies = recorder.awaitQuiet(QUIET_MILLIS);
        Files.write(out.resolve(scenario + ".jsonl"), bodies, StandardCharsets.UTF_8);
        for (String body : bodies) {
            Steps.say("  event " + Summary.of(SignalingClient.JSON.readTree(body)));
        }
    }

    /** (a) A joins and publishes; B joins, publishes, subscribes to A; A subscribes to B; B leaves; A leaves. */
    private void twoPublishersLeaveOneByOne(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.publish();
        b.subscribeTo(a);
        a.subscribeTo(b);
        b.leaveRoom();
        a.leaveRoom();
    }

    /**
     * (i) The steps of the e2e test with openvidu-browser (BrowserLifecycleTest), in its order: A joins and publishes;
     * B joins and subscribes to A (openvidu-browser subscribes to the stream its joinRoom answer lists), then
     * publishes; A subscribes to B (on streamCreated); B leaves; A leaves.
     */
    private void twoPublishersAsTheBrowserTest(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.subscribeTo(a);
        b.publish();
        a.subscribeTo(b);
        b.leaveRoom();
        a.leaveRoom();
    }

    /** (b) A publishes, B subscribes to A; the backend force-disconnects A (DELETE …/connection/{A}); B leaves. */
    private void forceDisconnectByRest(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.subscribeTo(a);
        Steps.say("REST DELETE connection A → " + rest.delete("/openvidu/api/sessions/" + session + "/connection/"
                + a.connectionId));
        Thread.sleep(1_000);
        b.leaveRoom();
    }

    /** (c) A and B publish and subscribe to each other; the backend closes the session (DELETE /sessions/{id}). */
    private void deleteSessionByRest(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.publish();
        b.subscribeTo(a);
        a.subscribeTo(b);
        Steps.say("REST DELETE session → " + rest.delete("/openvidu/api/sessions/" + session));
        Thread.sleep(1_000);
        a.close();
        b.close();
    }

    /** (d) A publishes, B subscribes; B unsubscribes (unsubscribeFromVideo), A unpublishes (unpublishVideo); both leave. */
    private void unpublishAndUnsubscribe(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.subscribeTo(a);
        b.unsubscribeFrom(a);
        Thread.sleep(500);
        b.subscribeTo(a);
        a.unpublish();
        Thread.sleep(500);
        b.leaveRoom();
        a.leaveRoom();
    }

    /** (e) A signal by REST to everyone, one by sendMessage from A to B, one to everyone; both leave. */
    private void signals(String session) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        Steps.say("REST POST signal → " + rest.post("/openvidu/api/signal", "{\"session\":\"" + session
                + "\",\"type\":\"rest\",\"data\":\"from the backend\"}"));
        Steps.say("REST POST signal to B → " + rest.post("/openvidu/api/signal", "{\"session\":\"" + session
                + "\",\"to\":[\"" + b.connectionId + "\"],\"type\":\"rest\",\"data\":\"to B\"}"));
        a.signal("to B", b);
        a.signal("to all", null);
        Thread.sleep(500);
        b.leaveRoom();
        a.leaveRoom();
    }

    /** (f) A session created by REST that nobody joins, then collected by the garbage collector (or not). */
    private void sessionNobodyJoins(String session) throws Exception {
        rest.createSession(session);
        Thread.sleep(2_000);
        Steps.say("REST token minted (nobody joins) → " + rest.token(session).length() + " chars");
        Steps.say("waiting up to 60 s for the garbage collector");
        for (int i = 0; i < 60 && rest.get("/openvidu/api/sessions/" + session) == 200; i++) {
            Thread.sleep(1_000);
        }
        Steps.say("REST GET session → " + rest.get("/openvidu/api/sessions/" + session));
    }

    /**
     * (g) A publishes, B subscribes; A's TCP connection goes without leaveRoom nor close frame (a killed tab); later B
     * leaves. (h) The same with a close frame (1000) but no leaveRoom.
     */
    private void socketLostWithoutLeaveRoom(String session, boolean closeFrame) throws Exception {
        rest.createSession(session);
        Peer a = Peer.join("A", sockets, edge, session, rest.token(session));
        a.publish();
        Peer b = Peer.join("B", sockets, edge, session, rest.token(session));
        b.subscribeTo(a);
        if (closeFrame) {
            a.close();
        } else {
            a.kill();
        }
        // openvidu evicts a socket lost without a close frame after 10 s; with one, it did not within 30 s
        int waitSeconds = closeFrame ? 30 : 60;
        Steps.say("waiting up to " + waitSeconds + " s for participantLeft of A");
        long deadline = System.currentTimeMillis() + waitSeconds * 1_000L;
        while (System.currentTimeMillis() < deadline && !recorder.seen("participantLeft", a.connectionId)) {
            Thread.sleep(100);
        }
        Steps.say("participantLeft of A seen: " + recorder.seen("participantLeft", a.connectionId));
        b.leaveRoom();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + "=… is required");
        }
        return value;
    }

    /** The webhook endpoint: every POST body, compacted to one line, kept in arrival order; answers 200. */
    static final class WebhookRecorder implements AutoCloseable {
        private final HttpServer server;
        private final List<String> bodies = new ArrayList<>();
        private long lastArrival = System.currentTimeMillis();

        private WebhookRecorder(HttpServer server) {
            this.server = server;
        }

        static WebhookRecorder listen(int port) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            WebhookRecorder recorder = new WebhookRecorder(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    recorder.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start(); // one thread: the bodies are kept in the order they were posted
            return recorder;
        }

        private synchronized void add(String body) {
            JsonNode event = SignalingClient.JSON.readTree(body);
            bodies.add(SignalingClient.JSON.writeValueAsString(event));
            Steps.say("  webhook arrived: " + event.path("event").asString() + " "
                    + event.path("connectionId").asString(""));
            lastArrival = System.currentTimeMillis();
        }

        synchronized void clear() {
            bodies.clear();
            lastArrival = System.currentTimeMillis();
        }

        synchronized boolean seen(String event, String connectionId) {
            return bodies.stream().map(SignalingClient.JSON::readTree).anyMatch(body ->
                    event.equals(body.path("event").asString())
                            && connectionId.equals(body.path("connectionId").asString()));
        }

        List<String> awaitQuiet(long quietMillis) throws InterruptedException {
            while (true) {
                synchronized (this) {
                    if (System.currentTimeMillis() - lastArrival >= quietMillis) {
                        return new ArrayList<>(bodies);
                    }
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** One event as a line: name, connection, kind, reason, and the times that relate events to each other. */
    static final class Summary {
        static String of(JsonNode event) {
            StringBuilder line = new StringBuilder(event.path("event").asString());
            for (String field : List.of("connectionId", "participantId", "connection", "receivingFrom", "streamId",
                    "reason", "timestamp", "startTime", "duration", "from", "to", "type")) {
                if (event.has(field)) {
                    line.append(' ').append(field).append('=').append(event.get(field));
                }
            }
            return line.toString();
        }
    }
}
