package io.vidgate.broker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.kurento.client.IceCandidate;
import org.kurento.client.WebRtcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant's WebRtcEndpoint: a publisher's, or a subscription's (connected from its {@link #source()}).
 * Remote ICE candidates that arrive before the endpoint has negotiated are buffered and sent once it has.
 */
public final class MediaEndpoint {

    private static final Logger log = LoggerFactory.getLogger(MediaEndpoint.class);

    public enum Kind {
        PUBLISHER, SUBSCRIBER
    }

    private final String name;
    private final Kind kind;
    private volatile MediaEndpoint source;
    /** The KMS endpoint a subscription was last connected from (its publisher's, or that one's replacement's). */
    private volatile WebRtcEndpoint fedBy;
    private final EndpointListener listener;
    /** While a reconnection is under way: the endpoint this one is to take the place of (reconnectStream). */
    private MediaEndpoint replaces;
    final CompletableFuture<WebRtcEndpoint> created = new CompletableFuture<>();
    private final List<IceCandidate> pending = new ArrayList<>();
    private WebRtcEndpoint negotiated;
    private boolean released;

    MediaEndpoint(String name, Kind kind, MediaEndpoint source, EndpointListener listener) {
        this(name, kind, source, listener, null);
    }

    MediaEndpoint(String name, Kind kind, MediaEndpoint source, EndpointListener listener, MediaEndpoint replaces) {
        this.name = name;
        this.kind = kind;
        this.source = source;
        this.listener = listener;
        this.replaces = replaces;
    }

    /** The OpenVidu endpoint name (stream id for a publisher, {@code <connectionId>_<streamId>} for a subscription). */
    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** The publisher a subscription receives from; null for a publisher. */
    public MediaEndpoint source() {
        return source;
    }

    /** A subscription now receives from its publisher's replacement (publisher reconnection). */
    void retarget(MediaEndpoint newSource) {
        source = newSource;
    }

    void feedFrom(WebRtcEndpoint publisher) {
        fedBy = publisher;
    }

    WebRtcEndpoint fedBy() {
        return fedBy;
    }

    /** True while this endpoint is a reconnection not yet completed (the endpoint it replaces is still alive). */
    public synchronized boolean replacing() {
        return replaces != null;
    }

    /** The endpoint this one replaces, now forgotten (completed, abandoned or released); null when none. */
    synchronized MediaEndpoint takeReplaced() {
        MediaEndpoint replaced = replaces;
        replaces = null;
        return replaced;
    }

    public EndpointListener listener() {
        return listener;
    }

    /** The endpoint on Kurento, where a recording takes the stream's media from; null before it is created. */
    public WebRtcEndpoint webRtcEndpoint() {
        return created.isCompletedExceptionally() ? null : created.getNow(null);
    }

    /** The KMS object id once created (tests, logs). */
    public String kurentoId() {
        WebRtcEndpoint endpoint = created.getNow(null);
        return endpoint == null ? null : endpoint.getId();
    }

    /** A candidate from the browser: sent now if the endpoint has negotiated, else when it has. Never blocks. */
    public void addIceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
        IceCandidate ice = new IceCandidate(candidate, sdpMid, sdpMLineIndex);
        WebRtcEndpoint target;
        synchronized (this) {
            if (released) {
                return;
            }
            if (negotiated == null) {
                pending.add(ice);
                return;
            }
            target = negotiated;
        }
        send(target, List.of(ice));
    }

    /** The SDP exchange is done: flush buffered candidates. */
    void negotiated(WebRtcEndpoint endpoint) {
        List<IceCandidate> flush;
        synchronized (this) {
            if (released) {
                return;
            }
            negotiated = endpoint;
            flush = List.copyOf(pending);
            pending.clear();
        }
        send(endpoint, flush);
    }

    /** Marks released; returns false if it already was. */
    synchronized boolean markReleased() {
        if (released) {
            return false;
        }
        released = true;
        pending.clear();
        return true;
    }

    public synchronized boolean released() {
        return released;
    }

    private void send(WebRtcEndpoint endpoint, List<IceCandidate> candidates) {
        for (IceCandidate candidate : candidates) {
            Async.<Void>call(c -> endpoint.addIceCandidate(candidate, c)).exceptionally(failed -> {
                log.debug("KMS refused a candidate for {}: {}", name, Async.unwrap(failed).getMessage());
                return null;
            });
        }
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
