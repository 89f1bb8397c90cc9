package io.vidgate.broker.admin;

import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deprecated {@code POST /openvidu/api/tokens}, which openvidu-java-client 2.32.1 still calls from
 * {@code Session.generateToken()}: a connection creation under another name, answered in the old Token shape. The
 * session is named in the body ({@code session}), and the gateway's minted id and token are required as for
 * {@code POST …/connection}.
 */
@RestController
public class TokensController {

    private static final Logger log = LoggerFactory.getLogger(TokensController.class);

    private final Rooms rooms;

    public TokensController(Rooms rooms) {
        this.rooms = rooms;
    }

    /** 200 Token {id = token, token, connectionId, session, role, data, …}; 400; 404 no session. */
    @PostMapping("/openvidu/api/tokens")
    public ObjectNode create(@RequestBody(required = false) JsonNode requestBody, ServerHttpRequest request) {
        if (requestBody == null || requestBody.isNull()) {
            throw ApiException.badRequest("Error in body parameters. Cannot be empty");
        }
        JsonNode body = RequestFields.object(requestBody);
        String sessionId = RequestFields.string(body, "session");
        if (sessionId == null) {
            throw ApiException.badRequest("\"session\" parameter is mandatory");
        }
        Room room = rooms.room(sessionId).orElseThrow(() -> SessionsController.noSession(sessionId));
        ConnectionProperties properties = ConnectionRequests.token(body);
        GatewayMintedConnection minted = GatewayMintedConnection.from(request.getHeaders(), sessionId);
        ConnectionSnapshot connection = room.addPending(minted.connectionId(), minted.token(), properties);
        log.info("Connection {} created in session {} through the deprecated token API", connection.id(), sessionId);
        return OpenViduJson.token(connection);
    }
}
