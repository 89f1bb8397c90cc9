package io.vidgate.broker.signaling;

import java.util.List;

import io.vidgate.broker.pipeline.MediaEndpoint;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.RegistryException;
import io.vidgate.broker.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's KMS was lost (connection dropped, KMS restarted, liveness check failed): its pipeline and endpoints are
 * dead. Every participant gets {@code mediaError}; every stream is unpublished with reason
 * {@code mediaServerDisconnect} (through the registry, so {@link SignalingSessionEvents} tells everyone
 * {@code participantUnpublished} and forgets the dead endpoints). The participants stay in the session: their next
 * publish lands on a healthy KMS.
 */
final class MediaServerLossHandler implements PipelineManager.PipelineLossListener {

    private static final Logger log = LoggerFactory.getLogger(MediaServerLossHandler.class);

    private final SessionRegistry registry;
    private final ParticipantDirectory directory;

    MediaServerLossHandler(SessionRegistry registry, ParticipantDirectory directory) {
        this.registry = registry;
        this.directory = directory;
    }

    @Override
    public void pipelineLost(String sessionId, List<MediaEndpoint> deadEndpoints, String why) {
        log.warn("Session {} lost its media server ({}): {} endpoints gone", sessionId, why, deadEndpoints.size());
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("error", "The media server of this session was lost (" + why + "); publish again");
        directory.notifyOthers(sessionId, null, "mediaError", error);
        List<String> streams = registry.session(sessionId).stream()
                .flatMap(session -> session.connections().stream())
                .map(ConnectionSnapshot::publishers)
                .flatMap(List::stream)
                .map(PublisherSnapshot::streamId)
                .toList();
        for (String streamId : streams) {
            try {
                registry.forceUnpublish(sessionId, streamId, EndReason.MEDIA_SERVER_DISCONNECT);
            } catch (RegistryException sessionGone) {
                return;
            }
        }
    }
}
