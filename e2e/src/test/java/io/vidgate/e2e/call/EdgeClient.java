package io.vidgate.e2e.call;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.vidgate.emulator.testing.BrowserSdp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A socket on the gateway's public {@code /openvidu}, opened and spoken to as openvidu-browser 2.32.2 does: the URL
 * comes from the token's host with {@code ?sessionId=} ({@code OpenVidu.startWs}), the heartbeat's first
 * {@code ping {interval: 5000}} goes out as soon as the socket opens, before anything else, then one every 5 s
 * ({@code jsonrpcclient.js}); requests are JSON-RPC 2.0 with numeric ids. Answers are matched by id, notifications
 * queued and taken with {@link #awaitNotification} (blocking, with a timeout).
 */
public final class EdgeClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "edge-client-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Notifications not taken yet, in arrival order; guarded by itself. */
    private final List<JsonNode> inbox = new ArrayList<>();
    /** Handlers that take notifications as they arrive, before the inbox ({@link #onNotification}). */
    private final List<Map.Entry<String, Predicate<JsonNode>>> handlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile java.util.concurrent.ScheduledFuture<?> heartbeat;

    /** Set by a successful {@link #joinRoom}: the connection id and the RPC session id a resume presents. */
    volatile String connectionId;
    volatile String rpcSessionId;
    /** The reason of the server's close frame, once {@link #closed()} completed with a code. */
    volatile String closeReason;

    private EdgeClient(String name, URI uri) {
        this.name = name;
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
                .buildAsync(uri, new Listener()).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** A first connection for {@code tokenUrl}: the socket, then the heartbeat's first ping (openvidu-browser's order). */
    public static EdgeClient connect(String name, String tokenUrl) {
        EdgeClient client = new EdgeClient(name, socketUri(tokenUrl, false));
        client.startHeartbeat();
        return client;
    }

    /**
     * openvidu-browser's reconnection socket ({@code webSocketWithReconnection.js} adds {@code reconnect=true}); its
     * heartbeat restarts only once {@code connect} succeeded, so the first frame is the caller's {@code connect}.
     */
    static EdgeClient reconnect(String name, String tokenUrl) {
        return new EdgeClient(name, socketUri(tokenUrl, true));
    }

    /** {@code ws://<token host>/openvidu?sessionId=<S>}, as {@code Session.processToken} and {@code startWs} build it. */
    static URI socketUri(String tokenUrl, boolean reconnect) {
        URI token = URI.create(tokenUrl);
        String session = token.getQuery().replaceAll("^.*?(?:^|&)sessionId=([^&]*).*$", "$1");
        return URI.create(token.getScheme() + "://" + token.getRawAuthority() + "/openvidu?sessionId=" + session
                + (reconnect ? "&reconnect=true" : ""));
    }

    void startHeartbeat() {
        send("ping", params("interval", 5000));
        heartbeat = HEARTBEAT.scheduleWithFixedDelay(() -> {
            try {
                send("ping", null);
            } catch (RuntimeException socketGone) {
                // closed meanwhile: nothing to keep alive
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    // ---- requests

    /** Params from name/value pairs, in order. */
    public static ObjectNode params(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return JSON.valueToTree(map);
    }

    /** Sends a request (params null: none, as openvidu-browser sends leaveRoom); the whole answer's future. */
    public CompletableFuture<JsonNode> send(String method, ObjectNode params) {
        int id = ids.getAndIncrement();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        request.put("id", id);
        synchronized (ws) { // java.net.http.WebSocket: one outstanding send at a time
            ws.sendText(JSON.writeValueAsString(request), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        }
        return answer;
    }

    /** The whole answer (result or error). */
    public JsonNode call(String method, ObjectNode params) {
        return send(method, params).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally(failure -> {
            throw new AssertionError(name + ": no answer to " + method + " within " + TIMEOUT, failure);
        }).join();
    }

    public JsonNode result(String method, ObjectNode params) {
        JsonNode answer = call(method, params);
        assertThat(answer.has("error")).as(name + ": " + method + " answered " + answer).isFalse();
        return answer.get("result");
    }

    JsonNode error(String method, ObjectNode params) {
        JsonNode answer = call(method, params);
        assertThat(answer.has("error")).as(name + ": " + method + " answered " + answer).isTrue();
        return answer.get("error");
    }

    /** joinRoom as {@code Session.initializeParams} builds it; remembers the ids on success. */
    public JsonNode joinRoom(String tokenUrl, String session) {
        JsonNode answer = call("joinRoom", params("token", tokenUrl, "session", session,
                "platform", "Chrome 126.0.0.0 on Linux 64-bit", "sdkVersion", "2.32.1",
                "metadata", "{\"clientData\":\"" + name + "\"}", "secret", "", "recorder", false, "stt", false));
        if (answer.has("result")) {
            connectionId = answer.get("result").get("id").stringValue();
            rpcSessionId = answer.get("result").get("sessionId").stringValue();
        }
        return answer;
    }

    /** publishVideo as Stream.initWebRtcPeerSend sends it for a camera with audio; the stream id. */
    public String publish() {
        JsonNode published = result("publishVideo", publishParams());
        assertThat(published.get("sdpAnswer").stringValue()).startsWith("v=0");
        return published.get("id").stringValue();
    }

    static ObjectNode publishParams() {
        return params("doLoopback", false, "hasAudio", true, "hasVideo", true, "audioActive", true,
                "videoActive", true, "typeOfVideo", "CAMERA", "frameRate", 30,
                "videoDimensions", "{\"width\":640,\"height\":480}", "sdpOffer", BrowserSdp.offer("sendonly"));
    }

    /**
     * Subscribes as openvidu-browser does by default: prepareReceiveVideoFrom (the server's offer), then
     * receiveVideoFrom with the browser's answer.
     */
    public void subscribe(String stream) {
        String offer = result("prepareReceiveVideoFrom", params("sender", stream, "reconnect", false))
                .get("sdpOffer").stringValue();
        assertThat(offer).startsWith("v=0");
        result("receiveVideoFrom", params("sender", stream, "sdpAnswer", BrowserSdp.answerTo(offer)));
    }

    /** The connection id a successful {@link #joinRoom} gave, or null. */
    public String connectionId() {
        return connectionId;
    }

    // ---- notifications

    /**
     * From now on, {@code method} notifications whose params {@code handler} accepts (returns true for) are handed to
     * it as they arrive, on the socket's thread, and not queued; the others are queued as before.
     */
    public void onNotification(String method, Predicate<JsonNode> handler) {
        handlers.add(Map.entry(method, handler));
    }

    /** Takes the first queued {@code method} notification matching {@code filter}; its params. */
    public JsonNode awaitNotification(String method, Predicate<JsonNode> filter) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (inbox) {
            while (true) {
                for (Iterator<JsonNode> it = inbox.iterator(); it.hasNext(); ) {
                    JsonNode notification = it.next();
                    if (method.equals(notification.get("method").stringValue())
                            && filter.test(notification.path("params"))) {
                        it.remove();
                        return notification.path("params");
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no '" + method + "' notification within " + TIMEOUT
                            + "; queued: " + inbox.stream().map(n -> n.get("method").stringValue()).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(inbox, left);
            }
        }
    }

    public JsonNode awaitNotification(String method) throws InterruptedException {
        return awaitNotification(method, params -> true);
    }

    /** How many {@code method} notifications arrived and were not taken yet. */
    long queued(String method) {
        synchronized (inbox) {
            return inbox.stream().filter(n -> method.equals(n.get("method").stringValue())).count();
        }
    }

    // ---- socket

    /** The close code the server sent (-1: the connection died without one). */
    CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The code the server closes with, waiting up to the timeout. */
    int awaitClose() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The connection dies without a close frame (a lost network, a crashed tab). */
    void abort() {
        stopHeartbeat();
        ws.abort();
    }

    private void stopHeartbeat() {
        java.util.concurrent.ScheduledFuture<?> current = heartbeat;
        if (current != null) {
            current.cancel(false);
        }
    }

    /** Closes as {@code OpenVidu.closeWs} does after leaveRoom: 4102. */
    @Override
    public void close() {
        handlers.clear();
        stopHeartbeat();
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(4102, "Connection closed by client").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException alreadyGone) {
                // fine
            }
        }
        ws.abort();
    }

    @Override
    public String toString() {
        return name;
    }

    private void received(String frame) {
        JsonNode message = JSON.readTree(frame);
        if (message.has("method")) {
            String method = message.get("method").stringValue();
            for (Map.Entry<String, Predicate<JsonNode>> handler : handlers) {
                if (handler.getKey().equals(method) && handler.getValue().test(message.path("params"))) {
                    return;
                }
            }
            synchronized (inbox) {
                inbox.add(message);
                inbox.notifyAll();
            }
            return;
        }
        CompletableFuture<JsonNode> answer = message.path("id").isInt()
                ? pending.remove(message.get("id").intValue()) : null;
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
            gone(statusCode + " " + reason);
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            gone(error.toString());
            closed.complete(-1);
        }

        /** Requests still waiting fail at once rather than at their timeout. */
        private void gone(String why) {
            stopHeartbeat();
            AssertionError closedFirst = new AssertionError(name + ": socket closed before the answer: " + why);
            pending.values().forEach(answer -> answer.completeExceptionally(closedFirst));
        }
    }
}
