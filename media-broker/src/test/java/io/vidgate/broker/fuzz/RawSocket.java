package io.vidgate.broker.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * A WebSocket on the broker's {@code /openvidu} that sends any text and keeps every frame it receives, in order, for
 * the fuzz properties to check one by one (unlike {@code OpenViduTestClient}, which expects integer ids).
 */
public final class RawSocket implements AutoCloseable {

    private final WebSocket ws;
    /** Every frame received and not taken yet; guarded by itself. */
    private final List<String> received = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private RawSocket(URI uri) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public static RawSocket open(int port) {
        return new RawSocket(URI.create("ws://127.0.0.1:" + port + "/openvidu"));
    }

    public void send(String text) {
        ws.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    public void sendBinary(java.nio.ByteBuffer bytes) {
        ws.sendBinary(bytes, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /**
     * Waits for the first received frame matching {@code wanted}; returns it and every frame received before it
     * (taken off the queue), or null when none came within {@code timeout} or the socket closed first.
     */
    public List<String> takeUntil(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (int i = 0; i < received.size(); i++) {
                    JsonNode frame = parse(received.get(i));
                    if (frame != null && wanted.test(frame)) {
                        List<String> taken = new ArrayList<>(received.subList(0, i + 1));
                        received.subList(0, i + 1).clear();
                        return taken;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(received, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Waits until every id of {@code ids} (a multiset: an id sent twice needs two answers) has a response, in any
     * order; returns every frame received meanwhile (taken off the queue), or null at the deadline or on close.
     */
    public List<String> takeAnswers(List<JsonNode> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<JsonNode> missing = new ArrayList<>(ids);
                for (String frame : received) {
                    JsonNode parsed = parse(frame);
                    if (parsed != null && !parsed.has("method") && parsed.has("id")) {
                        missing.remove(parsed.get("id"));
                    }
                }
                if (missing.isEmpty()) {
                    List<String> taken = new ArrayList<>(received);
                    received.clear();
                    return taken;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(received, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /** Everything received and not taken yet. */
    public List<String> drain() {
        synchronized (received) {
            List<String> taken = new ArrayList<>(received);
            received.clear();
            return taken;
        }
    }

    /** The close code once the server closed the socket (-1: the connection died); not done while open. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    /** The frame as JSON; null when it is not JSON. */
    public static JsonNode parseFrame(String frame) {
        return parse(frame);
    }

    static JsonNode parse(String frame) {
        try {
            return RpcFrames.JSON.readTree(frame);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException alreadyGone) {
                // fine
            }
        }
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                synchronized (received) {
                    received.add(text.toString());
                    received.notifyAll();
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
