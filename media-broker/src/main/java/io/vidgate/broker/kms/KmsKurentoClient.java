package io.vidgate.broker.kms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.kurento.client.Continuation;
import org.kurento.client.KurentoClient;
import org.kurento.client.Transaction;
import org.kurento.client.internal.TransactionImpl;
import org.kurento.client.internal.client.RomManager;
import org.kurento.client.internal.client.operation.Operation;

/**
 * The broker's {@link KurentoClient}: over its own JSON-RPC client ({@link KmsJsonRpcClient}, what
 * {@code KurentoClient.createFromJsonRpcClient} would take), and with transactions committed once.
 *
 * <p>kurento-client 7.3.0's {@code RomManager.transaction(operations, continuation)} answers every failure of an
 * asynchronous commit by committing again, forever: on a client that is closed (a KMS lost while a publish was under
 * way) the send fails at once, so it recurses until {@code StackOverflowError}; on a KMS that refused an operation it
 * repeats the whole transaction, creating its objects again. Here a commit is sent once, and its failure is the
 * caller's to see.
 */
final class KmsKurentoClient extends KurentoClient {

    private final KmsJsonRpcClient transport;

    KmsKurentoClient(KmsJsonRpcClient transport) {
        super(transport); // connects, as createFromJsonRpcClient does
        this.transport = transport;
        transport.knownObjects(id -> manager.getObjectManager().getRemoteObject(id) != null);
    }

    /** A liveness ping, ahead of the requests waiting their turn: completes when KMS answers. */
    CompletableFuture<Void> ping() {
        return transport.ping();
    }

    /** See {@link KmsJsonRpcClient#reconnectIfSilentSince}. */
    boolean reconnectIfSilentSince(long sinceNanos) {
        return transport.reconnectIfSilentSince(sinceNanos);
    }

    /**
     * Destroys the client of a KMS taken for lost without the goodbye kurento-client sends first: that close message is
     * a blocking request, and a KMS that stopped answering (or restarted: the session is gone) leaves it waiting for
     * the whole request timeout — on the pool's watch thread, before the participants are told (KmsLossTest saw 10 s).
     */
    void destroyLost() {
        transport.setSendCloseMessage(false);
        destroy();
    }

    /** kurento-client's object manager (tests: a release as the client sees it). */
    RomManager romManager() {
        return manager;
    }

    @Override
    public Transaction beginTransaction() {
        return new SentOnce(manager);
    }

    /** A transaction whose asynchronous commit is sent once. */
    private static final class SentOnce extends TransactionImpl {

        private final RomManager manager;
        private final List<Operation> operations = new ArrayList<>();

        SentOnce(RomManager manager) {
            super(manager);
            this.manager = manager;
        }

        @Override
        public void addOperation(Operation op) {
            super.addOperation(op);
            operations.add(op);
        }

        @Override
        public void commit(Continuation<Void> continuation) {
            for (Operation op : operations) {
                op.setManager(manager);
            }
            manager.getRomClient().transaction(operations, continuation);
        }
    }
}
