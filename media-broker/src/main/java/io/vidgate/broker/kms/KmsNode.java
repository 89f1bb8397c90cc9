package io.vidgate.broker.kms;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.kurento.client.KurentoClient;

/**
 * One Kurento Media Server of the pool: its client while connected, whether it answers, and how many of the broker's
 * pipelines it holds (the load used to place new sessions).
 *
 * <p>The {@linkplain #generation() generation} changes each time the node's objects die; an object created in
 * generation {@code g} is dead once the generation is not {@code g} anymore.
 */
public final class KmsNode {

    private final int index;
    private final URI uri;
    private final AtomicInteger pipelines = new AtomicInteger();
    private final AtomicLong generation = new AtomicLong();
    private volatile KurentoClient client;
    private volatile boolean healthy;
    /** {@link System#nanoTime()} since when the KMS has not answered (or the connection is down); 0: it answers. */
    private volatile long unansweredSince;

    KmsNode(int index, URI uri) {
        this.index = index;
        this.uri = uri;
    }

    public int index() {
        return index;
    }

    public URI uri() {
        return uri;
    }

    public boolean healthy() {
        return healthy && client != null;
    }

    /** The client, while connected. Hold it only for the duration of one operation. */
    public Optional<KurentoClient> client() {
        return Optional.ofNullable(client);
    }

    public long generation() {
        return generation.get();
    }

    /** Pipelines the broker holds on this KMS. */
    public int pipelines() {
        return pipelines.get();
    }

    /** A pipeline was placed here; call {@link #pipelineReleased()} exactly once when it goes. */
    public void pipelineCreated() {
        pipelines.incrementAndGet();
    }

    public void pipelineReleased() {
        pipelines.updateAndGet(n -> Math.max(0, n - 1));
    }

    void connected(KurentoClient client) {
        this.client = client;
        this.healthy = true;
        this.unansweredSince = 0;
    }

    /** It answered: healthy, and any silence is over. */
    void answered() {
        healthy = true;
        unansweredSince = 0;
    }

    /**
     * It did not answer (or cannot be reached): not picked for new sessions meanwhile.
     *
     * @return for how long, in nanoseconds, it has not been answering
     */
    long unanswered(long now) {
        healthy = false;
        long since = unansweredSince;
        if (since == 0) {
            unansweredSince = now;
            return 0;
        }
        return now - since;
    }

    /** Forgets the client and every object: the generation moves on. Returns the client to destroy, if any. */
    KurentoClient lost() {
        KurentoClient old = client;
        client = null;
        healthy = false;
        unansweredSince = 0;
        pipelines.set(0);
        generation.incrementAndGet();
        return old;
    }

    @Override
    public String toString() {
        return "KMS#" + index + " " + uri + (healthy() ? " (healthy, " + pipelines() + " pipelines)" : " (down)");
    }
}
