package io.vidgate.bench.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OpenVidu 2 signaling socket, as openvidu-browser uses it: JSON-RPC 2.0 requests with increasing ids, answers
 * matched by id, notifications (frames with a {@code method}) handed to a listener, and a {@code ping} every 5 s
 * (openvidu-browser's heartbeat; the broker evicts a joined socket silent for 10 s).
 */
public final class SignalingClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final long HEARTBEAT_MILLIS = 5_000;

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> notificationListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    /** The last frame queued; guarded by {@link #sendLock}. */
    private CompletableFuture<Void> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeat;

    /** Opens the socket (no Origin header: a non-browser client, which the edge accepts by default). */
    public static SignalingClient open(HttpClient http, URI uri) {
        return connect(http, uri).join();
    }

    /** {@link #open}, without blocking: completes once the handshake is done. */
    public static CompletableFuture<SignalingClient> connect(HttpClient http, URI uri) {
        SignalingClient client = new SignalingClient();
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client.new Listener())
                .orTimeout(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .thenApply(socket -> {
                    client.socket = socket;
                    return client;
                });
    }

    public void onNotification(Consumer<JsonNode> listener) {
        notificationListeners.add(listener);
    }

    /** The request's answer ({@code result} or {@code error}); fails when the socket closes or nothing comes. */
    public CompletableFuture<JsonNode> request(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        frame.set("params", params == null ? JSON.createObjectNode() : params);
        frame.put("id", id);
        send(frame.toString()).whenComplete((sent, failed) -> {
            if (failed != null) {
                pending.remove(id);
                answer.completeExceptionally(new IllegalStateException("socket closed"));
            }
        });
        return answer.orTimeout(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .whenComplete((value, error) -> pending.remove(id));
    }

    /** The answer's {@code result}, or an exception naming the error. */
    public JsonNode result(String method, ObjectNode params) {
        JsonNode answer = request(method, params).join();
        if (answer.has("error")) {
            throw new RpcError(method, answer.get("error"));
        }
        return answer.get("result");
    }

    /** Sends a text frame as it is (malformed ones included); false if the socket is gone. */
    public boolean sendRaw(String text) {
        try {
            send(text).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Queues a text frame behind the ones before it, without blocking: the JDK's WebSocket refuses a send while the
     * previous one is under way. Completes once the frame is written, exceptionally if the socket is gone.
     */
    private CompletableFuture<Void> send(String text) {
        synchronized (sendLock) {
            if (closed.isDone()) {
                return CompletableFuture.failedFuture(new IllegalStateException("socket closed"));
            }
            CompletableFuture<Void> sent = sending.handle((previous, failed) -> null)
                    .thenCompose(ignored -> socket.sendText(text, true)).thenApply(socket -> null);
            sending = sent;
            return sent;
        }
    }

    public void startHeartbeat(ScheduledExecutorService scheduler) {
        long first = (long) (Math.random() * HEARTBEAT_MILLIS);
        heartbeat = scheduler.scheduleAtFixedRate(() -> {
            if (!closed.isDone()) {
                request("ping", JSON.createObjectNode().put("interval", 5000));
            }
        }, first, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** true when {@code ping} is answered with {@code pong} in time. */
    public boolean pings() {
        try {
            JsonNode result = result("ping", JSON.createObjectNode().put("interval", 5000));
            return "pong".equals(result.path("value").asString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code leaveRoom}, then a normal close; whatever fails, the socket ends up closed. */
    public void leave() {
        try {
            request("leaveRoom", JSON.createObjectNode()).join();
        } catch (RuntimeException alreadyGone) {
            // closed meanwhile: the broker cleans up as for a lost socket
        }
        close();
    }

    public void close() {
        stopHeartbeat();
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already closing
        }
        socket.abort();
        closed.complete("closed by client");
    }

    /** The TCP connection goes at once: no leaveRoom, no close frame (a killed tab, a lost network). */
    public void kill() {
        stopHeartbeat();
        socket.abort();
        closed.complete("killed");
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Completes with why the socket ended ({@code "server closed 1009 …"}, {@code "killed"}…). */
    public CompletableFuture<String> closed() {
        return closed;
    }

    private void stopHeartbeat() {
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
    }

    private void ended(String why) {
        stopHeartbeat();
        closed.complete(why);
        IllegalStateException gone = new IllegalStateException(why);
        pending.values().forEach(answer -> answer.completeExceptionally(gone));
    }

    /** A JSON-RPC error answer. */
    public static final class RpcError extends RuntimeException {
        public final int code;

        RpcError(String method, JsonNode error) {
            super(method + " → " + error.path("code").asInt() + " " + error.path("message").asString());
            this.code = error.path("code").asInt();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended("server closed " + statusCode + (reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            ended("error " + error.getClass().getSimpleName());
        }

        private void dispatch(String text) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (RuntimeException notJson) {
                return;
            }
            if (frame.has("method")) {
                notificationListeners.forEach(listener -> listener.accept(frame));
            } else if (frame.has("id") && frame.get("id").canConvertToLong()) {
                CompletableFuture<JsonNode> answer = pending.remove(frame.get("id").asLong());
                if (answer != null) {
                    answer.complete(frame);
                }
            }
        }
    }
}
