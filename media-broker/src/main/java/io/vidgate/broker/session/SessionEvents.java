package io.vidgate.broker.session;

import io.vidgate.protocol.rpc.EndReason;
import java.util.List;

/**
 * The seam between session state and the signaling layer: the registry calls these after it changed state on behalf
 * of someone other than the participants themselves (the REST API), so that the signaling layer can tell the
 * participants and release their media. They are called outside the registry's locks, once the change is visible;
 * an exception thrown here is logged and does not undo the change.
 *
 * <p>Changes the signaling layer makes itself ({@code removeConnection}, {@code removePublisher}, …) are not
 * echoed back, except {@link #sessionClosed}, which every close reports.
 */
public interface SessionEvents {

    /** Does nothing: the broker before the signaling layer exists, and unit tests. */
    SessionEvents NONE = new SessionEvents() {
    };

    /**
     * A session was closed. Tell its active connections ({@code participantLeft}/{@code roomClosed} with
     * {@code reason}, e.g. {@code sessionClosedByServer}), close their sockets, release the pipeline.
     *
     * @param closed the session as it was just before it closed, connections included
     */
    default void sessionClosed(SessionSnapshot closed, EndReason reason) {
    }

    /**
     * An active connection was removed by force ({@code DELETE /connection/{id}}: {@code forceDisconnectByServer}).
     * Evict the participant: tell the others, close its socket, release its endpoints. Pending connections are
     * removed silently (their token simply stops working) and do not come here.
     *
     * @param evicted the connection as it was, with the publishers and subscriptions that are now gone
     */
    default void connectionEvicted(ConnectionSnapshot evicted, EndReason reason) {
    }

    /**
     * A stream was stopped by force ({@code DELETE /stream/{id}}: {@code forceUnpublishByServer}). Release its
     * endpoints and those of its subscribers; tell the session {@code participantUnpublished}.
     *
     * @param subscribers the subscriptions to that stream, which the registry removed as well
     */
    default void streamUnpublished(String sessionId, PublisherSnapshot stream, List<SubscriberSnapshot> subscribers,
            EndReason reason) {
    }

    /**
     * Deliver a signal ({@code sendMessage} notification with data, type and, when set, from) to each recipient.
     *
     * @param recipients active connections, already checked to belong to the session
     */
    default void signalSent(Signal signal, List<ConnectionSnapshot> recipients) {
    }
}
