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
    }

    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** Forgets the client and every object: the generation moves on. Returns the client to destroy, if any. */
    KurentoClient lost() {
        KurentoClient old = client;
        client = null;
        healthy = false;
        pipelines.set(0);
        generation.incrementAndGet();
        return old;
    }

    @Override
    public String toString() {
        return "KMS#" + index + " " + uri + (healthy() ? " (healthy, " + pipelines() + " pipelines)" : " (down)");
    }
}
