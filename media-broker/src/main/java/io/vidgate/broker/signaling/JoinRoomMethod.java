package io.vidgate.broker.signaling;

import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.IceServer;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.RegistryException;
import io.vidgate.broker.session.SessionRegistry;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code joinRoom} (DRAFT, not wired yet: the broker has no token verifier bean — see DRAFT-issue-6.md): checks the
 * token again (the gateway checked it too), refuses OpenVidu's {@code secret} backdoor, activates the pending
 * connection in the registry and answers what openvidu-browser's {@code Session.processJoinRoomResponse} and
 * {@code Connection} read.
 *
 * <p>Still missing: fresh TURN credentials (customIceServers + coturnIp/coturnPort/turnUsername/turnCredential from
 * {@code TurnCredentialIssuer}), the client IP from the gateway's forwarded headers. The others are told
 * {@code participantJoined} {id, createdAt, metadata}.
 */
final class JoinRoomMethod implements OpenViduSignalingHandler.Method {

    /** openvidu-browser warns unless major.minor match its own (2.32). */
    static final String OPENVIDU_VERSION = "2.32.1";

    /** {@code ConnectionTokenVerifier::verifyJoinRoomToken}, or a stand-in in tests. */
    @FunctionalInterface
    interface TokenCheck {
        VerifiedConnectionToken verify(String tokenParam, String sessionParam) throws TokenRejectedException;
    }

    private final TokenCheck tokens;
    private final SessionRegistry registry;
    private final ParticipantDirectory directory;

    JoinRoomMethod(TokenCheck tokens, SessionRegistry registry, ParticipantDirectory directory) {
        this.tokens = tokens;
        this.registry = registry;
        this.directory = directory;
    }

    @Override
    public Mono<JsonNode> call(SocketSession socket, RpcRequest request) {
        if (socket.participant() != null) {
            throw new RpcException(RpcException.USER_UNAUTHORIZED, "This socket has joined already");
        }
        String secret = request.optionalString("secret");
        if (secret != null && !secret.isEmpty()) {
            throw new RpcException(RpcException.USER_UNAUTHORIZED,
                    "Joining with the secret is not supported: use a connection token");
        }
        VerifiedConnectionToken token;
        try {
            token = tokens.verify(request.string("token"), request.optionalString("session"));
        } catch (TokenRejectedException rejected) {
            throw new RpcException(RpcException.USER_UNAUTHORIZED, "Token not valid: " + rejected.getMessage());
        }
        ConnectionSnapshot joined;
        try {
            joined = registry.activateConnection(token.sessionId(), token.connectionId(), new ActivationDetails(null,
                    request.optionalString("platform"), request.optionalString("metadata"), null));
        } catch (RegistryException refused) {
            int code = refused.problem() == RegistryException.Problem.UNKNOWN_SESSION ? RpcException.ROOM_NOT_FOUND
                    : RpcException.USER_UNAUTHORIZED;
            throw new RpcException(code, refused.getMessage());
        }
        socket.joined(new SocketSession.Participant(token.sessionId(), token.connectionId(),
                joined.properties().role()));
        SessionSnapshot session = registry.session(token.sessionId()).orElseThrow(
                () -> new RpcException(RpcException.ROOM_NOT_FOUND, "The session closed meanwhile"));
        ObjectNode announced = JsonNodeFactory.instance.objectNode();
        announced.put("id", joined.id());
        announced.put("createdAt", joined.createdAt());
        announced.put("metadata", joined.clientData());
        directory.notifyOthers(token.sessionId(), joined.id(), "participantJoined", announced);
        directory.add(token.sessionId(), joined.id(), socket);
        return Mono.just(response(joined, session));
    }

    static ObjectNode response(ConnectionSnapshot me, SessionSnapshot session) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode result = f.objectNode();
        result.put("id", me.id());
        result.put("finalUserId", me.id());
        result.put("createdAt", me.createdAt());
        result.put("metadata", me.clientData());
        ArrayNode others = result.putArray("value");
        for (ConnectionSnapshot other : session.connections()) {
            if (other.id().equals(me.id()) || other.status() != ConnectionStatus.ACTIVE) {
                continue;
            }
            others.add(participant(other));
        }
        result.put("session", session.id());
        result.put("version", OPENVIDU_VERSION);
        result.put("mediaServer", "kurento");
        result.put("videoSimulcast", false);
        result.put("record", me.properties().record());
        result.put("role", me.properties().role().name());
        ArrayNode ice = result.putArray("customIceServers");
        for (IceServer server : me.properties().customIceServers()) {
            ObjectNode entry = ice.addObject();
            entry.put("url", server.url());
            if (server.username() != null) {
                entry.put("username", server.username());
            }
            if (server.credential() != null) {
                entry.put("credential", server.credential());
            }
        }
        // TODO(issue 6): fresh coturn credentials: coturnIp, coturnPort, turnUsername, turnCredential + an entry above.
        return result;
    }

    /** A remote participant as openvidu-browser's {@code Connection} reads it ({@code remoteOptions}). */
    static ObjectNode participant(ConnectionSnapshot connection) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", connection.id());
        node.put("createdAt", connection.createdAt());
        node.put("metadata", connection.clientData());
        ArrayNode streams = node.putArray("streams");
        for (PublisherSnapshot stream : connection.publishers()) {
            ObjectNode s = streams.addObject();
            s.put("id", stream.streamId());
            s.put("createdAt", stream.createdAt());
            s.put("hasAudio", stream.mediaOptions().hasAudio());
            s.put("hasVideo", stream.mediaOptions().hasVideo());
            s.put("audioActive", stream.mediaOptions().audioActive());
            s.put("videoActive", stream.mediaOptions().videoActive());
            s.put("typeOfVideo", stream.mediaOptions().typeOfVideo());
            if (stream.mediaOptions().frameRate() != null) {
                s.put("frameRate", stream.mediaOptions().frameRate());
            }
            s.put("videoDimensions", stream.mediaOptions().videoDimensions());
        }
        return node;
    }
}
