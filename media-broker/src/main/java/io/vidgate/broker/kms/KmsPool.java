package io.vidgate.broker.kms;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.kurento.client.KurentoClient;
import org.kurento.jsonrpc.client.JsonRpcWSConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kurento Media Servers of {@code vidgate.kurento.uris}, one {@link KurentoClient} each (over the broker's own
 * transport, {@link KmsJsonRpcClient}), watched by the broker itself: every {@code livenessInterval} each node is pinged
 * (Kurento's JSON-RPC {@code ping}, sent ahead of requests waiting their turn). A check unanswered within {@code livenessTimeout}, or a dropped connection, takes the
 * node out of {@link #leastLoaded()} until it answers again; the node is lost when that lasts {@code lossAfter}, or at
 * once when the client reconnects to a new server session (KMS restarted: its objects are gone) or is closed for good.
 * A lost node's client is destroyed, {@link KmsLossListener}s are told, and the next check connects afresh. A
 * reconnection to the same server session is no loss: every object is still there.
 *
 * <p>Connecting (blocks up to kurento-client's 5 s connection timeout) and checking run on the pool's own threads, never on
 * a network I/O thread. Nothing blocks at start-up: a KMS that is down is simply not {@linkplain #leastLoaded() picked}.
 */
public final class KmsPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KmsPool.class);

    private final List<KmsNode> nodes;
    private final KurentoProperties properties;
    private final ScheduledExecutorService watch;
    private final List<KmsLossListener> lossListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public KmsPool(KurentoProperties properties) {
        this.properties = properties;
        List<KmsNode> list = new ArrayList<>();
        for (URI uri : properties.uris()) {
            list.add(new KmsNode(list.size(), uri));
        }
        this.nodes = List.copyOf(list);
        this.watch = Executors.newScheduledThreadPool(Math.min(nodes.size(), 4), daemonThreads("vidgate-kms-watch-"));
    }

    /** Starts connecting and watching; returns at once. */
    public KmsPool start() {
        long interval = properties.livenessInterval().toMillis();
        for (KmsNode node : nodes) {
            watch.scheduleWithFixedDelay(() -> check(node), 0, interval, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public void addLossListener(KmsLossListener listener) {
        lossListeners.add(listener);
    }

    public List<KmsNode> nodes() {
        return nodes;
    }

    /** The healthy node holding the fewest of the broker's pipelines (the first listed on a tie). */
    public Optional<KmsNode> leastLoaded() {
        return nodes.stream().filter(KmsNode::healthy)
                .min(Comparator.comparingInt(KmsNode::pipelines).thenComparingInt(KmsNode::index));
    }

    /** For tests and start-up diagnostics: waits (on the caller's thread) until {@code count} nodes are healthy. */
    public boolean awaitHealthy(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nodes.stream().filter(KmsNode::healthy).count() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Runs a liveness check of {@code node} now, on the watch threads (tests; after a suspected failure). */
    public CompletableFuture<Void> checkNow(KmsNode node) {
        return CompletableFuture.runAsync(() -> check(node), watch);
    }

    private void check(KmsNode node) {
        if (closed) {
            return;
        }
        try {
            KurentoClient client = node.client().orElse(null);
            if (client == null) {
                connect(node);
                return;
            }
            KmsKurentoClient kms = (KmsKurentoClient) client;
            long sent = System.nanoTime();
            CompletableFuture<Void> pong = kms.ping();
            try {
                pong.get(properties.livenessTimeout().toMillis(), TimeUnit.MILLISECONDS);
                node.answered();
            } catch (java.util.concurrent.TimeoutException silent) {
                kms.reconnectIfSilentSince(sent);
                unanswered(node, client, rootMessage(silent));
            } catch (Exception failed) {
                unanswered(node, client, rootMessage(failed));
            }
        } catch (RuntimeException unexpected) {
            log.warn("Liveness check of {} failed unexpectedly", node, unexpected);
        }
    }

    /**
     * A check went unanswered (or the connection is down and cannot be made again: refused, timed out): the node is
     * not picked meanwhile, and it is lost once this has lasted {@code lossAfter}. One slow answer under a burst, or a
     * reconnection to the same server session, costs no call.
     */
    private void unanswered(KmsNode node, KurentoClient client, String why) {
        long silent = node.unanswered(System.nanoTime());
        if (silent >= properties.lossAfter().toNanos()) {
            lose(node, client, "no answer for " + Duration.ofNanos(silent).toMillis() + " ms (" + why + ")");
        } else {
            log.info("{} did not answer ({}); lost if it goes on for {}", node.uri(), why, properties.lossAfter());
        }
    }

    private void connect(KmsNode node) {
        KurentoClient[] created = new KurentoClient[1];
        // kurento-client's own listener: reconnecting() is told apart from disconnected() here (its
        // KurentoConnectionListener adapter reports both as disconnected()).
        JsonRpcWSConnectionListener listener = new JsonRpcWSConnectionListener() {
            @Override
            public void connected() {
            }

            @Override
            public void connectionFailed() {
            }

            @Override
            public void reconnecting() {
                onWatch(() -> {
                    if (node.client().orElse(null) == created[0]) {
                        node.unanswered(System.nanoTime()); // the time to reconnect counts toward lossAfter
                        log.info("Connection to {} dropped; reconnecting", node.uri());
                    }
                });
            }

            @Override
            public void disconnected() {
                // The client is closed for good (only ever by the broker, or by kurento-client giving up).
                onWatch(() -> lose(node, created[0], "connection closed"));
            }

            @Override
            public void reconnected(boolean sameServer) {
                if (sameServer) {
                    onWatch(() -> {
                        if (node.client().orElse(null) == created[0]) {
                            node.answered(); // the same server session: every object is still there
                            log.info("Reconnected to {}, same session", node.uri());
                        }
                    });
                } else {
                    onWatch(() -> lose(node, created[0], "reconnected to a new server session (KMS restarted)"));
                }
            }
        };
        try {
            KmsJsonRpcClient transport = new KmsJsonRpcClient(node.uri(), listener, properties.maxInFlight(),
                    properties.requestTimeout());
            transport.setTryReconnectingForever(true); // the pool decides when a KMS is lost, not the client
            transport.setSendCloseMessage(true);
            transport.setLabel("KurentoClient:" + node.uri());
            KurentoClient client = new KmsKurentoClient(transport);
            created[0] = client;
            synchronized (node) {
                if (closed) {
                    client.destroy();
                    return;
                }
                node.connected(client);
            }
            log.info("Connected to {}", node);
            if (node.generation() > 0) {
                recovered(node); // connected again after a loss
            }
        } catch (RuntimeException refused) {
            log.debug("Cannot connect to {}: {}", node.uri(), rootMessage(refused));
        }
    }

    private void onWatch(Runnable task) {
        try {
            watch.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the pool is closing
        }
    }

    private void lose(KmsNode node, KurentoClient client, String why) {
        KurentoClient old;
        synchronized (node) {
            if (client == null || node.client().orElse(null) != client) {
                return; // already lost (or a stale callback of an older client)
            }
            old = node.lost();
        }
        log.warn("Lost {}: {}; its objects are forgotten", node.uri(), why);
        try {
            ((KmsKurentoClient) old).destroyLost(); // the pool connects its nodes with its own clients only
        } catch (RuntimeException ignored) {
            // the socket is gone already
        }
        for (KmsLossListener listener : lossListeners) {
            try {
                listener.kmsLost(node, why);
            } catch (RuntimeException failed) {
                log.warn("A KMS loss listener failed", failed);
            }
        }
        // A restarted KMS is usually back at once: reconnect now rather than at the next periodic check.
        onWatch(() -> check(node));
    }

    private void recovered(KmsNode node) {
        for (KmsLossListener listener : lossListeners) {
            try {
                listener.kmsRecovered(node);
            } catch (RuntimeException failed) {
                log.warn("A KMS loss listener failed", failed);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watch.shutdownNow();
        for (KmsNode node : nodes) {
            KurentoClient client;
            synchronized (node) {
                client = node.lost();
            }
            if (client != null) {
                try {
                    client.destroy();
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
            }
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
