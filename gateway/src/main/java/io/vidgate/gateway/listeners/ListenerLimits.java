package io.vidgate.gateway.listeners;

import java.time.Duration;

/**
 * What one listener allows each connection and each client address, so that neither idle nor half-sent requests
 * (slowloris) nor one client can use up the process's file descriptors, which both listeners share.
 */
public interface ListenerLimits {

    /**
     * A connection with no request in progress for this long is closed: just opened, kept alive between requests,
     * or still sending its request line and headers (Reactor Netty's idle timer restarts only when a whole request
     * head has arrived, so headers sent a byte at a time do not keep it open). Not upgraded WebSockets: the
     * {@code /openvidu} edge has its own idle timeout.
     */
    Duration idleTimeout();

    /**
     * Once a request's headers are in, the longest its body may go without a byte arriving; then the connection is
     * closed. Per read rather than for the whole body, so that large uploads to routed apps are not cut off.
     */
    Duration requestReadTimeout();

    /** Open connections on this listener at once; more are closed as soon as they are accepted. */
    int maxConnections();

    /** Open connections from one client address (the TCP peer) at once; more are closed as soon as accepted. */
    int maxConnectionsPerIp();
}
