package io.vidgate.broker.admin;

import io.vidgate.broker.kms.VideoCodecProperties;
import io.vidgate.broker.recording.RecordingService;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.RecordingMode;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenVidu's session API: create, list, fetch, close. */
@RestController
@RequestMapping("/openvidu/api/sessions")
public class SessionsController {

    private static final Logger log = LoggerFactory.getLogger(SessionsController.class);

    private final Rooms rooms;
    private final VideoCodecProperties codecDefaults;
    private final RecordingService recordings;

    public SessionsController(Rooms rooms, VideoCodecProperties codecDefaults, RecordingService recordings) {
        this.rooms = rooms;
        this.codecDefaults = codecDefaults;
        this.recordings = recordings;
    }

    /** 200 Session; 400 invalid values; 409 the custom id exists; 429 at {@code vidgate.sessions.max-sessions}. */
    @PostMapping
    public ObjectNode create(@RequestBody(required = false) JsonNode body) {
        SessionProperties properties = SessionRequests.parse(body, codecDefaults);
        SessionSnapshot session = rooms.create(properties).snapshot();
        if (properties.recordingMode() == RecordingMode.ALWAYS && !recordings.enabled()) {
            log.warn("Session {} asks for recordingMode ALWAYS, but recording is off (vidgate.recording.enabled): "
                    + "it will not be recorded", session.id());
        }
        log.info("Session {} created", session.id());
        return OpenViduJson.session(session, false, false);
    }

    /** 200 {numberOfElements, content}. Pending connections only when asked, as in OpenVidu. */
    @GetMapping
    public ObjectNode list(@RequestParam(defaultValue = "false") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        // webRtcStats is accepted for compatibility; there are no per-endpoint statistics to add.
        return OpenViduJson.sessionList(rooms.sessions(), pendingConnections, recordings::isBeingRecorded);
    }

    /** 200 Session; 404. */
    @GetMapping("/{sessionId}")
    public ObjectNode fetch(@PathVariable String sessionId, @RequestParam(defaultValue = "false") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        return OpenViduJson.session(existing(sessionId), pendingConnections, recordings.isBeingRecorded(sessionId));
    }

    /** 204; 404. Participants are evicted with {@code sessionClosedByServer}. */
    @DeleteMapping("/{sessionId}")
    public ResponseEntity<Void> close(@PathVariable String sessionId) {
        if (rooms.close(sessionId, EndReason.SESSION_CLOSED_BY_SERVER).isEmpty()) {
            throw noSession(sessionId);
        }
        log.info("Session {} closed through the REST API", sessionId);
        return ResponseEntity.noContent().build();
    }

    private SessionSnapshot existing(String sessionId) {
        return rooms.session(sessionId).orElseThrow(() -> noSession(sessionId));
    }

    static ApiException noSession(String sessionId) {
        return ApiException.notFound("No session " + LogSafe.quote(sessionId));
    }
}
