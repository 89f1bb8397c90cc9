package io.vidgate.broker.kms;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.kurento.jsonrpc.JsonUtils;
import org.kurento.jsonrpc.TransportException;
import org.kurento.jsonrpc.client.AbstractJsonRpcClientWebSocket;
import org.kurento.jsonrpc.client.Continuation;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.kurento.jsonrpc.message.Request;
import org.kurento.jsonrpc.message.Response;

/**
 * kurento-client's JSON-RPC client over the JDK's WebSocket instead of its Netty transport, with requests paced.
 *
 * <p>Why not {@code JsonRpcClientNettyWebSocket} (kurento-client 7.3.0): when more than 64 KiB wait to be written (a
 * burst of SDP offers, or one big one) Netty marks the channel unwritable, and that transport takes the writability
 * change for a disconnection: it "reconnects" (reported to a {@code KurentoConnectionListener} as
 * {@code disconnected()}), swallows the event its own writers wait for, and after 1 s discards their requests. Here a
 * full socket is only a reason to wait: each message is written once the previous one has been (the JDK's
 * {@code sendText} completes when the socket took it), nothing is dropped, and only a closed or failed socket counts
 * as a disconnection. Reconnecting, resuming the server session and telling the listener stay kurento-client's
 * ({@link AbstractJsonRpcClientWebSocket}); its listener keeps {@code reconnecting()} apart from
 * {@code disconnected()} (the client closed for good).
 *
 * <p>Pacing: at most {@code maxInFlight} requests are sent and not yet answered; the next ones wait, in order, and go
 * as answers come back, so one burst of participants neither floods the KMS nor queues unbounded writes on the socket.
 * Synchronous requests (the session's {@code connect} on a reconnection, the heartbeat) and notifications are not
 * held back: the first must go before anything waiting, the others are not answered.
 *
 * <p>Answers are waited for {@code requestTimeout} at most: kurento-client's asynchronous requests (everything the
 * broker sends) have no timeout of their own ({@code requestTimeout} there bounds only its blocking calls), so a
 * request KMS never answers would hold its caller, and its place, for good. A late answer is ignored, except that
 * what a late {@code create} (or transaction) created is released: its caller has given up on it, nobody else knows it.
 *
 * <p>Closing stops kurento-client's reconnection loop for good: its loop, retrying forever, reschedules itself (and
 * re-creates its executor) when a retry fails, even when the failure is that the client was closed meanwhile, and
 * then warns every 2 s until the JVM exits.
 *
 * <p>Events for objects the client does not know (anymore) are dropped here, at DEBUG: KMS sends an endpoint's
 * candidates until it processes its release, so some arrive after the broker released it, and kurento-client's
 * {@code RomClientObjectManager} logs each such event at ERROR.
 */
final class KmsJsonRpcClient extends AbstractJsonRpcClientWebSocket {

    private final int maxInFlight;
    private final Object gate = new Object();
    /** Requests waiting for a place (an answer to come back), in order; guarded by {@link #gate}. */
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** How many requests are sent and not answered; guarded by {@link #gate}. */
    private int inFlight;
    /** The requests sent and not answered. */
    private final java.util.Set<Paced> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * The same by request id, for their answers; an expired one stays one more {@code requestTimeout} for a late
     * answer (see {@link #releaseLateCreations}).
     */
    private final java.util.Map<Integer, Paced> awaiting = new java.util.concurrent.ConcurrentHashMap<>();
    /** Runs the continuations of answers, as kurento-client's own executor did. */
    private final ExecutorService answers;
    /** Sends the waiting requests (never on the thread completing an answer: no recursion when sends fail at once). */
    private final ExecutorService dispatcher;

    private final HttpClient http;
    private volatile WebSocket socket;
    /** The end of the write chain: the JDK's WebSocket takes one message at a time. Guarded by {@link #writes}. */
    private CompletableFuture<?> lastWrite = CompletableFuture.completedFuture(null);
    private final Object writes = new Object();

    private final long requestTimeoutMillis;

    KmsJsonRpcClient(URI uri, JsonRpcWSConnectionListener listener, int maxInFlight, Duration requestTimeout) {
        super(uri.toString(), listener);
        this.maxInFlight = maxInFlight;
        this.requestTimeoutMillis = requestTimeout.toMillis();
        setRequestTimeout(requestTimeoutMillis); // the blocking calls (connect on a reconnection) alike
        AtomicInteger threads = new AtomicInteger();
        this.dispatcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "vidgate-kms-send-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger answerThreads = new AtomicInteger();
        this.answers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "vidgate-kms-answers-" + answerThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newHttpClient();
    }

    /** Times the requests of every client; cancelled timers are dropped at once (no 10 s of garbage per request). */
    private static final java.util.concurrent.ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private static java.util.concurrent.ScheduledThreadPoolExecutor timeouts() {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                runnable -> {
                    Thread thread = new Thread(runnable, "vidgate-kms-timeouts");
                    thread.setDaemon(true);
                    return thread;
                });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Whether the client knows an object (by id); set once the KurentoClient over this transport exists. */
    private volatile java.util.function.Predicate<String> knownObject = id -> true;

    void knownObjects(java.util.function.Predicate<String> known) {
        this.knownObject = known;
    }

    /** An {@code onEvent} for an object the client has forgotten: nobody to tell (see the class comment). */
    private boolean forgottenObjectEvent(String message) {
        if (!message.contains("\"onEvent\"")) {
            return false;
        }
        KmsEvent event = KmsEvent.read(message);
        if (event == null || knownObject.test(event.object())) {
            return false;
        }
        LOG.debug("{} Dropped a {} event of {}, which the client has released", label, event.type(), event.object());
        return true;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KmsJsonRpcClient.class);

    /** When the socket last brought anything (an answer, an event), in {@link System#nanoTime()}. */
    private volatile long lastReceived = System.nanoTime();

    /**
     * Reconnects (same server session, kurento-client's reconnection protocol) if nothing at all came on the socket
     * since {@code sinceNanos}: a socket whose peer is gone without a FIN reaching us — a KMS host powered off, a NAT
     * that forgot the flow, and (seen in KmsPoolTest's repeated drops) a close the JDK WebSocket never reported —
     * would otherwise keep taking requests that are answered nowhere until the KMS is taken for lost. This is what
     * kurento-client's own heartbeat does on a failed ping; a KMS that is only slow under a burst still answers
     * other requests, so its socket is left alone.
     *
     * @return whether a reconnection was started
     */
    boolean reconnectIfSilentSince(long sinceNanos) {
        if (socket == null || lastReceived - sinceNanos > 0 || closing.get()) {
            return false;
        }
        LOG.info("{} Nothing received from KMS since a ping went unanswered: reconnecting", label);
        closeWithReconnection();
        return true;
    }

    /** Set while {@link #ping} sends: its request is not held back. */
    private static final ThreadLocal<Boolean> UNPACED = new ThreadLocal<>();

    /**
     * Kurento's JSON-RPC {@code ping}, sent at once, ahead of any waiting request: whether the KMS answers, whatever
     * the broker has queued for it.
     */
    CompletableFuture<Void> ping() {
        CompletableFuture<Void> pong = new CompletableFuture<>();
        JsonObject params = new JsonObject();
        params.addProperty("interval", 0);
        UNPACED.set(Boolean.TRUE);
        try {
            sendRequest("ping", params, new Continuation<JsonElement>() {
                @Override
                public void onSuccess(JsonElement result) {
                    pong.complete(null);
                }

                @Override
                public void onError(Throwable cause) {
                    pong.completeExceptionally(cause);
                }
            });
        } catch (RuntimeException failed) {
            pong.completeExceptionally(failed);
        } finally {
            UNPACED.remove();
        }
        return pong;
    }

    @Override
    protected <P> void internalSendRequestWebSocket(Request<P> request, Class<JsonElement> resultClass,
            Continuation<Response<JsonElement>> continuation) {
        if (request.getId() == null || UNPACED.get() != null) {
            // A notification (no answer to wait for), or a liveness ping (it measures the KMS, not our queue).
            super.internalSendRequestWebSocket(request, resultClass, continuation);
            return;
        }
        Paced paced = new Paced(request, continuation);
        Runnable send = () -> {
            sent.add(paced);
            paced.timeout = TIMEOUTS.schedule(() -> paced.expire(request.getMethod()), requestTimeoutMillis,
                    TimeUnit.MILLISECONDS);
            write(request, paced);
        };
        synchronized (gate) {
            if (inFlight >= maxInFlight || !waiting.isEmpty()) {
                waiting.add(send);
                return;
            }
            inFlight++;
        }
        send.run();
    }

    /**
     * Sends a paced request and waits for its answer here, as kurento-client's own send would, minus two costs that
     * bench/broker-load's profile of the broker showed on every Kurento request: kurento-client writes a request's JSON
     * three times (object to JSON, back to a tree to add the session id, to JSON again), and turns each answer back
     * into JSON for a DEBUG line it builds whether DEBUG is on or not. Here the request's JSON is written once
     * ({@link KmsRequestJson}) and the answer goes to its continuation as it was read.
     */
    private void write(Request<?> request, Paced paced) {
        try {
            connectIfNecessary(false);
            awaiting.put(request.getId(), paced);
            sendTextMessage(KmsRequestJson.of(request));
        } catch (Exception failed) {
            awaiting.remove(request.getId(), paced);
            paced.onError(failed);
        }
    }

    /** The answers to {@link #write}'s requests; any other (kurento-client's own synchronous requests) is its own. */
    @Override
    protected void handleResponseFromServer(JsonObject message) {
        JsonElement id = message.get("id");
        Paced paced = id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()
                ? awaiting.remove(id.getAsInt()) : null;
        if (paced == null) {
            super.handleResponseFromServer(message);
            return;
        }
        Response<JsonElement> response = JsonUtils.fromJsonResponse(message, JsonElement.class);
        if (response.getSessionId() != null) {
            setSessionId(response.getSessionId());
        }
        try {
            // Off the socket's receiving thread, as kurento-client does: a continuation may wait for another answer.
            answers.execute(() -> paced.onSuccess(response));
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            paced.onError(new TransportException(label + " Client closed"));
        }
    }

    /**
     * A request's continuation, told once. kurento-client forgets nothing it sent when the socket drops and it
     * reconnects to the same session, but the answers to what was in flight on the old socket never come: those are
     * failed here, so their callers hear of it and their places go to the waiting ones.
     */
    private final class Paced implements Continuation<Response<JsonElement>> {

        private final Request<?> request;
        private final Continuation<Response<JsonElement>> continuation;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile java.util.concurrent.ScheduledFuture<?> timeout;
        private volatile boolean expired;

        Paced(Request<?> request, Continuation<Response<JsonElement>> continuation) {
            this.request = request;
            this.continuation = continuation;
        }

        @Override
        public void onSuccess(Response<JsonElement> response) {
            if (finish()) {
                continuation.onSuccess(response);
            } else if (expired) {
                releaseLateCreations(request, response);
            }
        }

        @Override
        public void onError(Throwable cause) {
            if (finish()) {
                continuation.onError(cause);
            }
        }

        /** Not answered in time: failed on the dispatcher (the timer thread only times). */
        void expire(String method) {
            expired = true;
            TIMEOUTS.schedule(() -> awaiting.remove(request.getId(), this), requestTimeoutMillis, TimeUnit.MILLISECONDS);
            Runnable fail = () -> onError(new org.kurento.jsonrpc.JsonRpcException(label + " KMS did not answer "
                    + method + " within " + requestTimeoutMillis + " ms"));
            try {
                dispatcher.execute(fail);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                CompletableFuture.runAsync(fail);
            }
        }

        private boolean finish() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            java.util.concurrent.ScheduledFuture<?> pending = timeout;
            if (pending != null) {
                pending.cancel(false);
            }
            sent.remove(this);
            if (!expired) {
                awaiting.remove(request.getId(), this);
            }
            answered();
            return true;
        }
    }

    /**
     * The socket went: what was sent on it is answered nowhere. Told off the caller's thread: kurento-client closes
     * sockets holding its own locks, and the callers' continuations may send again.
     */
    private void failSentLater(String why) {
        Runnable fail = () -> failSent(why);
        try {
            dispatcher.execute(fail);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            CompletableFuture.runAsync(fail);
        }
    }

    private void failSent(String why) {
        for (Paced paced : sent.toArray(Paced[]::new)) {
            paced.onError(new TransportException(label + " Connection to KMS lost before the answer (" + why + ")"));
        }
    }

    /**
     * The answer to a {@code create} or transaction that timed out: the objects it created are released (children
     * first; a pipeline's release takes its children along, so their own releases may fail, which is fine).
     */
    private void releaseLateCreations(Request<?> request, Response<JsonElement> response) {
        try {
            JsonObject sent = com.google.gson.JsonParser.parseString(request.toString()).getAsJsonObject();
            JsonObject params = sent.has("params") ? sent.getAsJsonObject("params") : new JsonObject();
            JsonElement result = response.getResult();
            java.util.List<String> created = new java.util.ArrayList<>();
            if ("create".equals(request.getMethod())) {
                created.add(result.getAsJsonObject().get("value").getAsString());
            } else if ("transaction".equals(request.getMethod())) {
                com.google.gson.JsonArray operations = params.getAsJsonArray("operations");
                com.google.gson.JsonArray answers = result.getAsJsonObject().getAsJsonArray("value");
                for (int i = 0; i < Math.min(operations.size(), answers.size()); i++) {
                    JsonObject answer = answers.get(i).getAsJsonObject();
                    if ("create".equals(operations.get(i).getAsJsonObject().get("method").getAsString())
                            && answer.has("result")) {
                        created.add(0, answer.getAsJsonObject("result").get("value").getAsString());
                    }
                }
            }
            for (String object : created) {
                JsonObject release = new JsonObject();
                release.addProperty("object", object);
                if (params.has("sessionId")) {
                    release.add("sessionId", params.get("sessionId"));
                }
                LOG.info("{} Releasing {}, created by a {} answered after its timeout", label, object,
                        request.getMethod());
                sendRequest("release", release, new Continuation<JsonElement>() {
                    @Override
                    public void onSuccess(JsonElement released) {
                    }

                    @Override
                    public void onError(Throwable cause) {
                        LOG.debug("{} Releasing {} failed: {}", label, object, cause.getMessage());
                    }
                });
            }
        } catch (RuntimeException unexpected) {
            LOG.debug("{} Could not read the late answer to {}: {}", label, request.getMethod(), unexpected.toString());
        }
    }

    /** An answer (or a failure) came back: the next waiting request goes, on the dispatcher. */
    private void answered() {
        Runnable next;
        synchronized (gate) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        try {
            dispatcher.execute(next);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // Closed: it fails at once (the client refuses to send), as does each waiting one after it; not on this
            // thread, where each failure would call the next one deeper.
            CompletableFuture.runAsync(next);
        }
    }

    @Override
    protected void sendTextMessage(String json) throws java.io.IOException {
        WebSocket current = socket;
        if (current == null || current.isOutputClosed()) {
            throw new IllegalStateException(label + " JsonRpcClient is disconnected from WebSocket server at '"
                    + uri + "'");
        }
        synchronized (writes) {
            // After the previous write, whatever its outcome: a failed socket is reported by onError/onClose.
            lastWrite = lastWrite.handle((done, failed) -> null).thenCompose(ready -> current.sendText(json, true));
        }
    }

    /**
     * Connected until the {@link Receiver} has seen the socket close, even if the JDK already knows: a request sent in
     * between must not open a new socket itself, as kurento-client would then skip its reconnection protocol (resuming
     * the server session, or learning that the KMS restarted) and a restarted KMS would go unnoticed.
     */
    @Override
    protected boolean isNativeClientConnected() {
        return socket != null;
    }

    @Override
    protected void connectNativeClient() throws Exception {
        if (isNativeClientConnected()) {
            return;
        }
        closeNativeClient();
        CompletableFuture<WebSocket> opening = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofMillis(connectionTimeout))
                .buildAsync(uri, new Receiver());
        WebSocket opened;
        try {
            opened = opening.get(connectionTimeout + 1000L, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException late) {
            opening.thenAccept(WebSocket::abort); // should it open after all
            throw late;
        }
        synchronized (writes) {
            lastWrite = CompletableFuture.completedFuture(null);
        }
        socket = opened;
        if (opened.isInputClosed()) { // closed before it was ours: the Receiver ignored it
            socket = null;
            opened.abort();
            throw new java.io.IOException("KMS closed the connection at once");
        }
    }

    @Override
    protected void closeNativeClient() {
        WebSocket current = socket;
        socket = null;
        if (current != null) {
            current.abort();
            failSentLater("socket closed");
        }
    }

    /**
     * kurento-client's own heartbeat is not run: {@link KmsPool} pings every KMS itself, and keeps doing so after a
     * reconnection (the heartbeat does not restart then). The heartbeat's first ping goes the moment the client is
     * created, and a ping under way when the client is destroyed is interrupted and logged twice at WARN ("Error
     * sending heartbeat", "Stopping heartbeat and closing client"); a failed ping would also close and reconnect the
     * client behind the pool's back.
     */
    @Override
    public synchronized void enableHeartbeat(int interval) {
        // KmsPool's liveness checks replace it.
    }

    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() throws java.io.IOException {
        // KurentoClient.destroy closes its client twice; kurento-client warns when the second close, like a close
        // with no socket (a lost KMS), cannot send its close message.
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (socket == null) {
            setSendCloseMessage(false); // nobody to tell
        }
        // Read by kurento-client's reconnection loop when a retry fails: with it off, a retry under way when the
        // client closes (interrupted, or refused because closed) ends the loop instead of scheduling the next one.
        setTryReconnectingForever(false);
        try {
            super.close();
        } finally {
            dispatcher.shutdown();
            answers.shutdown();
        }
    }

    /** Messages from KMS (answers and events), reassembled from the JDK's parts. */
    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastReceived = System.nanoTime();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (!forgottenObjectEvent(message)) {
                    receivedTextMessage(message);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(webSocket, statusCode, "closed by KMS: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(webSocket, 1006, "connection failed: " + error);
        }

        private void closed(WebSocket webSocket, int code, String why) {
            if (socket != webSocket) {
                return; // one we closed ourselves
            }
            socket = null;
            webSocket.abort();
            failSentLater(why);
            handleReconnectDisconnection(code, why);
        }
    }
}
