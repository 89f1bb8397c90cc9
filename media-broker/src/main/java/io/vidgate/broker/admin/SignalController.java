package io.vidgate.broker.admin;

import java.util.ArrayList;
import java.util.List;

import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.Signal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** OpenVidu's server-sent signals, delivered by the session's room. */
@RestController
public class SignalController {

    private final Rooms rooms;

    public SignalController(Rooms rooms) {
        this.rooms = rooms;
    }

    /**
     * 200 (no body); 400 bad body; 404 no session; 406 the session has no active connection, or {@code to} names
     * something that is not one of its active connections.
     */
    @PostMapping("/openvidu/api/signal")
    public ResponseEntity<Void> signal(@RequestBody(required = false) JsonNode requestBody) {
        if (requestBody == null || requestBody.isNull()) {
            throw ApiException.badRequest("Error in body parameters. Cannot be empty");
        }
        JsonNode body = RequestFields.object(requestBody);
        String sessionId = RequestFields.string(body, "session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        rooms.existing(sessionId).signal(new Signal(sessionId, recipients(body), RequestFields.string(body, "type"),
                RequestFields.string(body, "data"), null));
        return ResponseEntity.ok().build();
    }

    /** Strings, or nulls, which the room refuses as recipients (406, as in OpenVidu). */
    private static List<String> recipients(JsonNode body) {
        JsonNode to = RequestFields.optionalArray(body, "to");
        List<String> recipients = new ArrayList<>();
        if (to != null) {
            for (JsonNode entry : to.values()) {
                if (!entry.isNull() && !entry.isString()) {
                    throw ApiException.badRequest("Type error in parameter 'to': expected connection ids");
                }
                recipients.add(entry.isNull() ? null : entry.stringValue());
            }
        }
        return recipients;
    }
}
