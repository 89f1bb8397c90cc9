package io.vidgate.broker.admin;

import io.vidgate.broker.room.Rooms;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** OpenVidu's force-unpublish. */
@RestController
public class StreamsController {

    private static final Logger log = LoggerFactory.getLogger(StreamsController.class);

    private final Rooms rooms;

    public StreamsController(Rooms rooms) {
        this.rooms = rooms;
    }

    /**
     * 204; 400 no session (as openvidu-server); 404 no such stream. Everyone in the session is told
     * ({@code forceUnpublishByServer}).
     */
    @DeleteMapping("/openvidu/api/sessions/{sessionId}/stream/{streamId}")
    public ResponseEntity<Void> forceUnpublish(@PathVariable String sessionId, @PathVariable String streamId) {
        rooms.room(sessionId).orElseThrow(() -> ConnectionsController.noSessionHere(sessionId))
                .forceUnpublish(streamId, EndReason.FORCE_UNPUBLISH_BY_SERVER)
                .orElseThrow(() -> ApiException.notFound("No stream " + LogSafe.quote(streamId) + " in this session"));
        log.info("Stream {} of session {} unpublished through the REST API", streamId, sessionId);
        return ResponseEntity.noContent().build();
    }
}
