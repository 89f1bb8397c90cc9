package io.vidgate.broker.kms;

/**
 * Told when a KMS's objects are dead: it restarted (the client reconnected to a new server session), the connection
 * was given up, or it stopped answering liveness checks. Every pipeline, endpoint and listener created on
 * {@code node} before now is gone; forget them and tell the participants ({@code mediaError}, stream events).
 * Called on the pool's watch thread; must not block.
 */
public interface KmsLossListener {

    void kmsLost(KmsNode node, String why);

    /** A KMS lost before is connected again and takes new pipelines. Called on the pool's watch thread. */
    default void kmsRecovered(KmsNode node) {
    }
}
