package io.vidgate.bench.brokerload;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vidgate.bench.brokerload.Operations.Kind;
import io.vidgate.bench.signaling.Sdp;
import io.vidgate.bench.signaling.SignalingClient;
import io.vidgate.bench.signaling.SignalingTransport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One participant of a round, doing what openvidu-browser 2.32 does for a user who opens a page with a camera: the
 * WebSocket and {@code joinRoom}, {@code publishVideo}, and a subscription to every other publisher of the session
 * ({@code receiveVideoFrom} with the browser's offer: what openvidu-browser 2.32 sends to a server whose media server
 * is Kurento, docs/performance.md), an {@code onIceCandidate} per peer connection, a {@code ping} every 5 s, and
 * {@code leaveRoom} at the end.
 * Nothing blocks: each step goes when the answer to the previous one arrives, so a thousand of these need no thread
 * of their own, and the time measured is the server's answer, not a thread's turn.
 *
 * <p>What is measured, from the client's side: join = WebSocket handshake + {@code joinRoom} (what
 * {@code session.connect()} waits for), publish = {@code publishVideo}, subscribe = {@code receiveVideoFrom}.
 */
final class LoadParticipant {

    private static final long HEARTBEAT_MILLIS = 5_000;

    private final String sessionId;
    private final String token;
    private final int otherPublishers;
    private final Operations operations;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final List<CompletableFuture<?>> candidates = new CopyOnWriteArrayList<>();
    /** Published and subscribed to every other publisher of the session. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile SignalingClient client;
    private volatile boolean published;
    private volatile boolean leaving;
    private volatile ScheduledFuture<?> heartbeat;

    LoadParticipant(String sessionId, String token, int otherPublishers, Operations operations) {
        this.sessionId = sessionId;
        this.token = token;
        this.otherPublishers = otherPublishers;
        this.operations = operations;
    }

    /** Joins, publishes and subscribes; {@link #ready()} completes when all of it is done. */
    void arrive(SignalingTransport sockets, URI edge) {
        long start = System.nanoTime();
        SignalingClient.connect(sockets, edge).thenCompose(opened -> {
            client = opened;
            opened.onNotification(this::notified);
            opened.closed().thenAccept(why -> {
                if (!leaving) {
                    operations.error("socket closed before leaving: " + why);
                }
            });
            return opened.request("joinRoom", joinParams());
        }).thenCompose(answer -> {
            JsonNode joined = result("joinRoom", answer);
            operations.record(Kind.JOIN, start);
            heartbeat = client.eventLoop().scheduleAtFixedRate(this::ping,
                    ThreadLocalRandom.current().nextLong(HEARTBEAT_MILLIS), HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
            for (JsonNode other : joined.path("value")) {
                for (JsonNode stream : other.path("streams")) {
                    subscribe(stream.path("id").asString(), other.path("id").asString());
                }
            }
            String connectionId = joined.path("id").asString();
            long publishStart = System.nanoTime();
            return client.request("publishVideo", publishParams()).thenAccept(published -> {
                result("publishVideo", published);
                operations.record(Kind.PUBLISH, publishStart);
                candidate(connectionId);
                this.published = true;
                checkReady();
            });
        }).exceptionally(failed -> {
            operations.error(why(failed));
            ready.complete(null); // nothing more will happen: counted, not waited for
            return null;
        });
    }

    /** Completes when published and subscribed to every other publisher, or when a step failed (counted). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** The onIceCandidate calls sent so far, answered or not. */
    CompletableFuture<Void> candidatesAnswered() {
        return CompletableFuture.allOf(candidates.toArray(CompletableFuture[]::new));
    }

    /** Why it is not ready, for the error count; null when it is. */
    String notReady() {
        if (client == null) {
            return "not ready: not joined";
        }
        if (!published) {
            return "not ready: not published";
        }
        return subscribed.get() < otherPublishers
                ? "not ready: subscribed to " + subscribed.get() + " of " + otherPublishers + " publishers" : null;
    }

    /** {@code leaveRoom}, then a normal close; completes when the socket is closed. */
    CompletableFuture<Void> leave() {
        leaving = true;
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        SignalingClient socket = client;
        if (socket == null || !socket.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        long start = System.nanoTime();
        return socket.request("leaveRoom", SignalingClient.JSON.createObjectNode()).handle((answer, failed) -> {
            if (failed != null) {
                operations.error(why(failed));
            } else {
                try {
                    result("leaveRoom", answer);
                    operations.record(Kind.LEAVE, start);
                } catch (CompletionException refused) {
                    operations.error(why(refused));
                }
            }
            socket.close();
            return null;
        });
    }

    private void subscribe(String stream, String publisher) {
        if (!subscriptions.add(stream)) {
            return; // known from joinRoom and from participantPublished both
        }
        long start = System.nanoTime();
        client.request("receiveVideoFrom", SignalingClient.JSON.createObjectNode().put("sender", stream)
                .put("sdpOffer", Sdp.offer("recvonly"))).thenAccept(answer -> {
                    result("receiveVideoFrom", answer);
                    operations.record(Kind.SUBSCRIBE, start);
                    candidate(publisher);
                    subscribed.incrementAndGet();
                    checkReady();
                }).exceptionally(failed -> {
                    operations.error(why(failed));
                    return null;
                });
    }

    private void checkReady() {
        if (published && subscribed.get() >= otherPublishers) {
            ready.complete(null);
        }
    }

    private void candidate(String endpointName) {
        candidates.add(client.request("onIceCandidate", SignalingClient.JSON.createObjectNode()
                        .put("endpointName", endpointName).put("candidate", Sdp.CANDIDATE).put("sdpMid", "0")
                        .put("sdpMLineIndex", 0))
                .thenAccept(answer -> result("onIceCandidate", answer))
                .exceptionally(failed -> {
                    operations.error(why(failed));
                    return null;
                }));
    }

    /** openvidu-browser's heartbeat: {@code ping} every 5 s; the server closes a joined socket silent for longer. */
    private void ping() {
        SignalingClient socket = client;
        if (leaving || socket == null || !socket.isOpen()) {
            return;
        }
        long start = System.nanoTime();
        socket.request("ping", SignalingClient.JSON.createObjectNode().put("interval", HEARTBEAT_MILLIS))
                .thenAccept(answer -> {
                    if (!"pong".equals(result("ping", answer).path("value").asString())) {
                        operations.error("ping: no pong");
                    } else {
                        operations.record(Kind.PING, start);
                    }
                }).exceptionally(failed -> {
                    if (!leaving) {
                        operations.error(why(failed));
                    }
                    return null;
                });
    }

    private void notified(JsonNode frame) {
        if ("participantPublished".equals(frame.path("method").asString())) {
            JsonNode params = frame.path("params");
            for (JsonNode stream : params.path("streams")) {
                subscribe(stream.path("id").asString(), params.path("id").asString());
            }
        }
    }

    private ObjectNode joinParams() {
        return SignalingClient.JSON.createObjectNode().put("token", token).put("session", sessionId)
                .put("platform", "Chrome 126.0.0.0 on Linux 64-bit (broker load)").put("sdkVersion", "2.32.1")
                .put("metadata", "{\"clientData\":\"load\"}").put("secret", "").put("recorder", false)
                .put("stt", false);
    }

    private static ObjectNode publishParams() {
        return SignalingClient.JSON.createObjectNode().put("doLoopback", false).put("hasAudio", true)
                .put("hasVideo", true).put("audioActive", true).put("videoActive", true).put("typeOfVideo", "CAMERA")
                .put("frameRate", 30).put("videoDimensions", "{\"width\":640,\"height\":480}")
                .put("sdpOffer", Sdp.offer("sendonly"));
    }

    /** The answer's result; an error answer fails the step, named by method and code. */
    private static JsonNode result(String method, JsonNode answer) {
        if (answer.has("error")) {
            JsonNode error = answer.get("error");
            throw new CompletionException(new StepFailed(method + " error " + error.path("code").asInt() + " "
                    + abbreviate(error.path("message").asString())));
        }
        return answer.path("result");
    }

    /** A failure, as an error kind: the step's own words, or what happened to the socket. */
    private static String why(Throwable failed) {
        Throwable cause = failed;
        while ((cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StepFailed) {
            return cause.getMessage();
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + SignalingClient.REQUEST_TIMEOUT.toSeconds() + " s";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": "
                + abbreviate(cause.getMessage()));
    }

    private static String abbreviate(String message) {
        return message.length() <= 80 ? message : message.substring(0, 80) + "…";
    }

    /** A step the server refused. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }
}
