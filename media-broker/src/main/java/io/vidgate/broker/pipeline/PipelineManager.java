package io.vidgate.broker.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.kms.KmsLossListener;
import io.vidgate.broker.kms.KmsNode;
import io.vidgate.broker.kms.KmsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session id → its {@link SessionPipeline}, placed on the least loaded healthy KMS when the session first needs media.
 * When a KMS is lost, its sessions' pipelines are forgotten and {@link PipelineLossListener}s told (the signaling
 * layer sends {@code mediaError} / stream events); the next publish of such a session goes to a healthy KMS.
 */
public final class PipelineManager implements KmsLossListener {

    private static final Logger log = LoggerFactory.getLogger(PipelineManager.class);

    /** Told which session lost its media, with the endpoints that died. */
    @FunctionalInterface
    public interface PipelineLossListener {
        void pipelineLost(String sessionId, List<MediaEndpoint> deadEndpoints, String why);
    }

    private final KmsPool pool;
    private final Map<String, SessionPipeline> sessions = new ConcurrentHashMap<>();
    private final List<PipelineLossListener> lossListeners = new CopyOnWriteArrayList<>();
    private final VideoBandwidth videoBandwidth;

    /** With openvidu-server's default video bandwidths. */
    public PipelineManager(KmsPool pool) {
        this(pool, VideoBandwidth.OPENVIDU_DEFAULTS);
    }

    /** @param videoBandwidth the server's limits for every WebRtcEndpoint ({@code vidgate.kurento.video-bandwidth.*}) */
    public PipelineManager(KmsPool pool, VideoBandwidth videoBandwidth) {
        this.pool = pool;
        this.videoBandwidth = videoBandwidth;
        pool.addLossListener(this);
    }

    /** The server's video bandwidth limits, which a connection's {@code kurentoOptions} may override. */
    public VideoBandwidth videoBandwidth() {
        return videoBandwidth;
    }

    public void addLossListener(PipelineLossListener listener) {
        lossListeners.add(listener);
    }

    /**
     * The session's pipeline, placing it on a KMS if it has none (no round trip: the KMS pipeline itself is created
     * in the first publish's transaction).
     *
     * @throws PipelineException KMS_UNAVAILABLE when no KMS is healthy
     */
    public SessionPipeline forSession(String sessionId) {
        return sessions.compute(sessionId, (id, existing) -> {
            if (existing != null && existing.alive()) {
                return existing;
            }
            KmsNode node = pool.leastLoaded().orElseThrow(() -> new PipelineException(
                    PipelineException.Kind.KMS_UNAVAILABLE, "No Kurento Media Server is available"));
            SessionPipeline created = new SessionPipeline(id, node);
            node.pipelineCreated();
            return created;
        });
    }

    public Optional<SessionPipeline> existing(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    /** Releases the session's pipeline (its last participant left, or the session closed). */
    public CompletableFuture<Void> releaseSession(String sessionId) {
        SessionPipeline pipeline = sessions.remove(sessionId);
        if (pipeline == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (pipeline.alive()) {
            pipeline.node().pipelineReleased();
        }
        return pipeline.releaseAll();
    }

    public int sessionCount() {
        return sessions.size();
    }

    @Override
    public void kmsLost(KmsNode node, String why) {
        for (SessionPipeline pipeline : sessions.values()) {
            if (pipeline.node() != node || !sessions.remove(pipeline.sessionId(), pipeline)) {
                continue;
            }
            List<MediaEndpoint> dead = List.copyOf(pipeline.endpoints());
            pipeline.releaseAll(); // not alive anymore: forgets, sends nothing
            for (PipelineLossListener listener : lossListeners) {
                try {
                    listener.pipelineLost(pipeline.sessionId(), dead, why);
                } catch (RuntimeException failed) {
                    log.warn("A pipeline loss listener failed", failed);
                }
            }
        }
    }
}
