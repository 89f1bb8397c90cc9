package io.vidgate.broker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.kms.KmsLossListener;
import io.vidgate.broker.kms.KmsNode;
import io.vidgate.broker.kms.KmsPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places each session's {@link SessionPipeline} on the least loaded healthy KMS when the session first needs media,
 * and keeps track of them by identity (a session closed and opened again under the same id has a new pipeline, which
 * the old one's late release must not touch). When a KMS is lost, each of its pipelines is forgotten and its owner
 * told; then the {@link MediaServerListener}s hear which sessions it took with it.
 */
public final class PipelineManager implements KmsLossListener {

    private static final Logger log = LoggerFactory.getLogger(PipelineManager.class);

    /** The owner of a pipeline (its room): told when the KMS under it was lost, with the endpoints that died. */
    @FunctionalInterface
    public interface PipelineLossListener {
        void pipelineLost(SessionPipeline lost, List<MediaEndpoint> deadEndpoints, String why);
    }

    /** Told when a KMS is lost (after the owners of its pipelines) and when it is back. */
    public interface MediaServerListener {
        void mediaServerLost(KmsNode node, String why, List<String> sessionIds);

        void mediaServerRecovered(KmsNode node);
    }

    private final KmsPool pool;
    private final Map<SessionPipeline, PipelineLossListener> pipelines = new ConcurrentHashMap<>();
    private final List<MediaServerListener> listeners = new CopyOnWriteArrayList<>();
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

    public void addMediaServerListener(MediaServerListener listener) {
        listeners.add(listener);
    }

    /**
     * A new pipeline for the session on the least loaded healthy KMS (no round trip: the KMS pipeline itself is
     * created in the first publish's transaction).
     *
     * @param owner told if the KMS is lost while the pipeline is held
     * @throws PipelineException KMS_UNAVAILABLE when no KMS is healthy
     */
    public SessionPipeline place(String sessionId, PipelineLossListener owner) {
        KmsNode node = pool.leastLoaded().orElseThrow(() -> new PipelineException(
                PipelineException.Kind.KMS_UNAVAILABLE, "No Kurento Media Server is available"));
        SessionPipeline created = new SessionPipeline(sessionId, node);
        node.pipelineCreated();
        pipelines.put(created, owner);
        return created;
    }

    /** Releases a pipeline (its session's last participant left, or the session closed). Idempotent. */
    public CompletableFuture<Void> release(SessionPipeline pipeline) {
        if (pipelines.remove(pipeline) == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (pipeline.alive()) {
            pipeline.node().pipelineReleased();
        }
        return pipeline.releaseAll();
    }

    /** Pipelines held now. */
    public int pipelineCount() {
        return pipelines.size();
    }

    @Override
    public void kmsLost(KmsNode node, String why) {
        List<String> sessions = new ArrayList<>();
        for (SessionPipeline pipeline : List.copyOf(pipelines.keySet())) {
            PipelineLossListener owner;
            if (pipeline.node() != node || (owner = pipelines.remove(pipeline)) == null) {
                continue;
            }
            sessions.add(pipeline.sessionId());
            List<MediaEndpoint> dead = List.copyOf(pipeline.endpoints());
            pipeline.releaseAll(); // not alive anymore: forgets, sends nothing
            try {
                owner.pipelineLost(pipeline, dead, why);
            } catch (RuntimeException failed) {
                log.warn("The owner of the pipeline of {} failed on its loss", pipeline.sessionId(), failed);
            }
        }
        for (MediaServerListener listener : listeners) {
            try {
                listener.mediaServerLost(node, why, sessions);
            } catch (RuntimeException failed) {
                log.warn("A media server listener failed", failed);
            }
        }
    }

    @Override
    public void kmsRecovered(KmsNode node) {
        for (MediaServerListener listener : listeners) {
            try {
                listener.mediaServerRecovered(node);
            } catch (RuntimeException failed) {
                log.warn("A media server listener failed", failed);
            }
        }
    }
}
