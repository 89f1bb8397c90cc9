package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real WebSocket on the broker's {@code /openvidu}, speaking as openvidu-browser 2.32 does: JSON-RPC 2.0 requests
 * with numeric ids, the same parameter names, a ping every {@code pingEvery} (openvidu-browser: 5 s). Answers are
 * matched by id; notifications are queued and taken with {@link #awaitNotification} (blocking, with a timeout).
 */
final class OpenViduTestClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Answers that carry no id (a frame that could not be parsed). */
    private final LinkedBlockingQueue<JsonNode> answersWithoutId = new LinkedBlockingQueue<>();
    /** Notifications not taken yet, in arrival order; guarded by itself. */
    private final List<JsonNode> inbox = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-client-ping");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ScheduledFuture<?> pinging;

    /** Set by {@link #joinRoom}. */
    volatile String connectionId;
    volatile String rpcSessionId;
    volatile String sessionId;
    /** The reason of the server's close frame, once {@link #closed()} completed with a code. */
    volatile String closeReason;

    private OpenViduTestClient(URI uri) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Opens a socket and pings every {@code pingEvery} (null: never). */
    static OpenViduTestClient open(int port, Duration pingEvery) {
        OpenViduTestClient client = new OpenViduTestClient(URI.create("ws://127.0.0.1:" + port + "/openvidu"));
        if (pingEvery != null) {
            client.startPinging(pingEvery);
        }
        return client;
    }

    void startPinging(Duration every) {
        stopPinging();
        pinging = pinger.scheduleWithFixedDelay(() -> {
            try {
                send("ping", params("interval", 5000));
            } catch (RuntimeException socketGone) {
                // the socket is closed: nothing to ping
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The socket goes silent (a frozen tab): no more pings. */
    void stopPinging() {
        ScheduledFuture<?> current = pinging;
        if (current != null) {
            current.cancel(false);
        }
    }

    // ---- requests

    /** Builds params from name/value pairs, in order. */
    static ObjectNode params(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return JSON.valueToTree(map);
    }

    /** Sends a request and returns its answer's future (the whole response: result or error). */
    CompletableFuture<JsonNode> send(String method, ObjectNode params) {
        int id = ids.getAndIncrement();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        request.put("id", id);
        sendRaw(JSON.writeValueAsString(request));
        return answer;
    }

    /** A text frame as is (malformed JSON, odd shapes). */
    void sendRaw(String frame) {
        synchronized (sendLock) { // one outstanding send at a time (java.net.http.WebSocket's rule)
            ws.sendText(frame, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    /** Sends and waits for the whole response. */
    JsonNode call(String method, ObjectNode params) {
        return send(method, params).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .exceptionally(failure -> {
                    throw new AssertionError("No answer to " + method + " within " + TIMEOUT, failure);
                }).join();
    }

    /** The result of a request that must succeed. */
    JsonNode result(String method, ObjectNode params) {
        JsonNode response = call(method, params);
        assertThat(response.has("error")).as(method + " answered " + response).isFalse();
        return response.get("result");
    }

    /** The error of a request that must fail. */
    JsonNode error(String method, ObjectNode params) {
        JsonNode response = call(method, params);
        assertThat(response.has("error")).as(method + " answered " + response).isTrue();
        return response.get("error");
    }

    /** The next answer that carries no id (to a frame that was not JSON). */
    JsonNode answerWithoutId() throws InterruptedException {
        JsonNode answer = answersWithoutId.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(answer).as("an answer without id").isNotNull();
        return answer;
    }

    // ---- openvidu-browser's calls

    /** joinRoom as Session.connect sends it; remembers the connection id and RPC session id on success. */
    JsonNode joinRoom(String tokenUrl, String session) {
        JsonNode response = call("joinRoom", joinParams(tokenUrl, session, ""));
        if (response.has("result")) {
            JsonNode result = response.get("result");
            connectionId = result.get("id").stringValue();
            rpcSessionId = result.get("sessionId").stringValue();
            sessionId = result.get("session").stringValue();
        }
        return response;
    }

    static ObjectNode joinParams(String tokenUrl, String session, String secret) {
        return params("token", tokenUrl, "session", session, "platform", "Chrome 126.0.0.0 on Linux 64-bit",
                "sdkVersion", "2.32.1", "metadata", "{\"clientData\":\"test\"}", "secret", secret, "recorder", false,
                "stt", false);
    }

    /** publishVideo as Stream.initWebRtcPeerSend sends it (filter undefined: absent). */
    static ObjectNode publishParams(String sdpOffer) {
        return params("doLoopback", false, "hasAudio", true, "hasVideo", true, "audioActive", true,
                "videoActive", true, "typeOfVideo", "CAMERA", "frameRate", 30,
                "videoDimensions", "{\"width\":640,\"height\":480}", "sdpOffer", sdpOffer);
    }

    /** Publishes a camera; returns the stream id. */
    String publish(String sdpOffer) {
        JsonNode published = result("publishVideo", publishParams(sdpOffer));
        assertThat(published.get("sdpAnswer").stringValue()).startsWith("v=0");
        assertThat(published.get("createdAt").longValue()).isPositive();
        return published.get("id").stringValue();
    }

    /** Server-offer subscription (openvidu-browser's default): prepareReceiveVideoFrom, then the answer. */
    void subscribe(String streamId, java.util.function.UnaryOperator<String> answerTo) {
        String offer = result("prepareReceiveVideoFrom", params("sender", streamId, "reconnect", false))
                .get("sdpOffer").stringValue();
        result("receiveVideoFrom", params("sender", streamId, "sdpAnswer", answerTo.apply(offer)));
    }

    /** A candidate as Connection.sendIceCandidate sends it: endpointName is the stream's connection id. */
    JsonNode iceCandidate(String endpointName, String candidate) {
        return call("onIceCandidate", params("endpointName", endpointName, "candidate", candidate, "sdpMid", "0",
                "sdpMLineIndex", 0));
    }

    // ---- notifications

    /** Takes the first queued notification {@code method} matching {@code filter}, waiting up to the timeout. */
    JsonNode awaitNotification(String method, Predicate<JsonNode> filter, Duration timeout) throws InterruptedException {
        return nextNotification(method, filter, timeout).orElseThrow(() -> new AssertionError(
                "No '" + method + "' notification on " + this + " within " + timeout + "; queued: " + queued()));
    }

    /** The params of the next {@code method} notification. */
    JsonNode awaitNotification(String method) throws InterruptedException {
        return awaitNotification(method, params -> true, TIMEOUT);
    }

    JsonNode awaitNotification(String method, Predicate<JsonNode> filter) throws InterruptedException {
        return awaitNotification(method, filter, TIMEOUT);
    }

    /** Asserts that no {@code method} notification matching {@code filter} arrives within {@code window}. */
    void assertNoNotification(String method, Predicate<JsonNode> filter, Duration window) throws InterruptedException {
        Optional<JsonNode> unexpected = nextNotification(method, filter, window);
        assertThat(unexpected).as("'" + method + "' notification on " + this).isEmpty();
    }

    private Optional<JsonNode> nextNotification(String method, Predicate<JsonNode> filter, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inbox) {
            while (true) {
                for (Iterator<JsonNode> it = inbox.iterator(); it.hasNext(); ) {
                    JsonNode notification = it.next();
                    if (method.equals(notification.get("method").stringValue())
                            && filter.test(notification.get("params"))) {
                        it.remove();
                        return Optional.of(notification.get("params"));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(inbox, left);
            }
        }
    }

    /** Methods of the notifications not taken yet. */
    List<String> queued() {
        synchronized (inbox) {
            return inbox.stream().map(n -> n.get("method").stringValue()).toList();
        }
    }

    /** Drops every queued notification (e.g. ICE candidates nobody asserts on). */
    void clearNotifications() {
        synchronized (inbox) {
            inbox.clear();
        }
    }

    // ---- socket

    /** Completes with the close code when the server closes the socket (or the connection dies). */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** Kills the connection without a close frame (a crashed tab, a lost network). */
    void abort() {
        stopPinging();
        ws.abort();
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException alreadyGone) {
                // fine
            }
        }
        ws.abort();
    }

    @Override
    public String toString() {
        return "client[" + (connectionId == null ? "not joined" : connectionId) + "]";
    }

    private void received(String frame) {
        JsonNode message = JSON.readTree(frame);
        if (message.has("method")) {
            synchronized (inbox) {
                inbox.add(message);
                inbox.notifyAll();
            }
            return;
        }
        JsonNode id = message.get("id");
        if (id == null || id.isNull()) {
            answersWithoutId.add(message);
            return;
        }
        CompletableFuture<JsonNode> answer = pending.remove(id.intValue());
        if (answer != null) {
            answer.complete(message);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                received(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            stopPinging();
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            stopPinging();
            closed.complete(-1);
        }
    }
}
