package io.vidgate.broker.admin;

import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.LogSafe;
import io.vidgate.protocol.rpc.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
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

/**
 * OpenVidu's connection API. Creating a connection stores the id and token the gateway minted
 * ({@link GatewayMintedConnection}). As in openvidu-server, the endpoints that name a connection answer 400 (not
 * 404) when the session itself does not exist.
 */
@RestController
@RequestMapping("/openvidu/api/sessions/{sessionId}/connection")
public class ConnectionsController {

    private static final Logger log = LoggerFactory.getLogger(ConnectionsController.class);

    private final Rooms rooms;

    public ConnectionsController(Rooms rooms) {
        this.rooms = rooms;
    }

    /**
     * 200 Connection (pending, with its token); 404 no session; 400 invalid values or not from the gateway; 501 IPCAM;
     * 409 the connection id exists; 429 at {@code vidgate.sessions.max-connections-per-session}.
     */
    @PostMapping
    public ObjectNode create(@PathVariable String sessionId, @RequestBody(required = false) JsonNode body,
            ServerHttpRequest request) {
        Room room = rooms.room(sessionId).orElseThrow(() -> SessionsController.noSession(sessionId));
        ConnectionProperties properties = ConnectionRequests.connection(body);
        GatewayMintedConnection minted = GatewayMintedConnection.from(request.getHeaders(), sessionId);
        ConnectionSnapshot connection = room.addPending(minted.connectionId(), minted.token(), properties);
        log.info("Connection {} created in session {} with role {}", connection.id(), sessionId, properties.role());
        return OpenViduJson.connection(connection);
    }

    /** 200 {numberOfElements, content}; pending connections included unless {@code pendingConnections=false}; 404. */
    @GetMapping
    public ObjectNode list(@PathVariable String sessionId, @RequestParam(defaultValue = "true") boolean pendingConnections,
            @RequestParam(defaultValue = "false") boolean webRtcStats) {
        SessionSnapshot session = rooms.session(sessionId).orElseThrow(() -> SessionsController.noSession(sessionId));
        return OpenViduJson.connectionList(pendingConnections ? session.connections() : session.activeConnections());
    }

    /** 200 Connection; 400 no session; 404 no connection. */
    @GetMapping("/{connectionId}")
    public ObjectNode fetch(@PathVariable String sessionId, @PathVariable String connectionId) {
        SessionSnapshot session = rooms.session(sessionId).orElseThrow(() -> noSessionHere(sessionId));
        return OpenViduJson.connection(session.connection(connectionId).orElseThrow(() -> noConnection(connectionId)));
    }

    /**
     * 204; 400 no session; 404 no connection. A pending connection is removed, so its token can no longer join; an
     * active one is evicted ({@code forceDisconnectByServer}).
     */
    @DeleteMapping("/{connectionId}")
    public ResponseEntity<Void> forceDisconnect(@PathVariable String sessionId, @PathVariable String connectionId) {
        ConnectionSnapshot removed = rooms.room(sessionId).orElseThrow(() -> noSessionHere(sessionId))
                .leave(connectionId, EndReason.FORCE_DISCONNECT_BY_SERVER)
                .orElseThrow(() -> noConnection(connectionId));
        log.info("Connection {} ({}) of session {} removed through the REST API", removed.id(), removed.status().wireName(), sessionId);
        return ResponseEntity.noContent().build();
    }

    static ApiException noSessionHere(String sessionId) {
        return new ApiException(HttpStatus.BAD_REQUEST, "No session " + LogSafe.quote(sessionId));
    }

    private static ApiException noConnection(String connectionId) {
        return ApiException.notFound("No connection " + LogSafe.quote(connectionId) + " in this session");
    }
}
