package io.vidgate.broker.signaling;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import io.vidgate.boot.turn.TurnCredentials;
import io.vidgate.broker.recording.Recording;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.RoomException;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.ConnectionStatus;
import io.vidgate.broker.session.IceServer;
import io.vidgate.broker.session.PublisherSnapshot;
import io.vidgate.broker.session.SessionSnapshot;
import io.vidgate.protocol.OpenViduVersion;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import io.vidgate.protocol.rpc.OpenViduMethods;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import io.vidgate.protocol.token.TokenOrigin;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.TokenReplayGuard;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import io.vidgate.turn.TurnUri;
import io.vidgate.turn.external.TurnServiceException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code joinRoom}: checks the token again (the gateway checked it too: defence in depth), refuses OpenVidu's
 * {@code secret} backdoor and replays of single-use tokens, joins the participant to its session's {@link Room} and
 * answers what openvidu-browser's {@code Session.processJoinRoomResponse} and {@code Connection} read, with fresh
 * TURN credentials. The others are told {@code participantJoined} {id, createdAt, metadata}.
 */
final class JoinRoomMethod implements OpenViduSignalingHandler.Method {

    /** {@code ConnectionTokenVerifier::verifyJoinRoomToken}, or a stand-in in tests. */
    @FunctionalInterface
    interface TokenCheck {
        VerifiedConnectionToken verify(String tokenParam, String sessionParam) throws TokenRejectedException;
    }

    private final TokenCheck tokens;
    private final TokenReplayGuard replays;
    private final TurnCredentials turn;
    private final Rooms rooms;
    private final OpenViduSignalingHandler handler;
    private final BiFunction<String, Role, Optional<Recording>> recordingAnnounced;

    JoinRoomMethod(TokenCheck tokens, TokenReplayGuard replays, TurnCredentials turn, Rooms rooms,
            OpenViduSignalingHandler handler) {
        this(tokens, replays, turn, rooms, handler, (sessionId, role) -> Optional.empty());
    }

    /**
     * @param recordingAnnounced the session's recording under way, if a participant of that role is told of it
     *                           ({@code vidgate.recording.notification})
     */
    JoinRoomMethod(TokenCheck tokens, TokenReplayGuard replays, TurnCredentials turn, Rooms rooms,
            OpenViduSignalingHandler handler, BiFunction<String, Role, Optional<Recording>> recordingAnnounced) {
        this.tokens = tokens;
        this.replays = replays;
        this.turn = turn;
        this.rooms = rooms;
        this.handler = handler;
        this.recordingAnnounced = recordingAnnounced;
    }

    @Override
    public Mono<JsonNode> call(SocketSession socket, RpcRequest request) {
        // Claimed before anything asynchronous: two joinRoom sent back to back on one socket would otherwise both
        // pass a "not joined yet" check while the first fetches TURN credentials, and one participant would end up
        // on no socket (never evicted, holding the session's pipeline).
        if (!socket.claimForJoin()) {
            throw new RpcException(RpcErrorCodes.USER_UNAUTHORIZED, "This socket has joined (or is joining) already");
        }
        VerifiedConnectionToken token;
        try {
            token = verify(request);
        } catch (RuntimeException refused) {
            socket.releaseJoin();
            throw refused;
        }
        // External TURN services answer over HTTP: fetch the credentials off the socket's I/O thread.
        return Mono.fromCallable(() -> turn.iceServersFor(token.connectionId()))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(TurnServiceException.class, failed -> new RpcException(RpcErrorCodes.GENERIC,
                        "TURN credentials are unavailable right now; try again"))
                .map(iceServers -> join(socket, request, token, iceServers))
                .doOnError(failed -> socket.releaseJoin());
    }

    private VerifiedConnectionToken verify(RpcRequest request) {
        String secret = request.optionalString("secret");
        if (secret != null && !secret.isEmpty()) {
            throw new RpcException(RpcErrorCodes.USER_UNAUTHORIZED,
                    "Joining with the secret is not supported: use a connection token");
        }
        try {
            VerifiedConnectionToken token = tokens.verify(request.string("token"), request.optionalString("session"));
            replays.requireFirstUse(token);
            return token;
        } catch (TokenRejectedException rejected) {
            // The reason names the check that failed, never the token (TokenRejectedException's contract).
            throw new RpcException(RpcErrorCodes.USER_UNAUTHORIZED, "Token not valid: " + rejected.getMessage());
        }
    }

    private JsonNode join(SocketSession socket, RpcRequest request, VerifiedConnectionToken token,
            List<io.vidgate.turn.IceServer> iceServers) {
        SocketLink link = new SocketLink(handler, socket);
        String resumeId = RpcSessionIds.generate();
        Room room;
        Room.Joined joined;
        try {
            room = rooms.existing(token.sessionId());
            if (token.origin() == TokenOrigin.BACKEND) {
                registerBackendMintedConnection(room, token, request.string("token"));
            }
            joined = room.join(token.connectionId(), new ActivationDetails(socket.clientIp(),
                    request.optionalString("platform"), request.optionalString("metadata"), null), link, resumeId);
        } catch (RoomException refused) {
            int code = refused.problem() == RoomException.Problem.UNKNOWN_SESSION ? RpcErrorCodes.ROOM_NOT_FOUND
                    : RpcErrorCodes.USER_UNAUTHORIZED;
            throw new RpcException(code, refused.getMessage());
        }
        SocketSession.Participant me = new SocketSession.Participant(room, token.connectionId(),
                joined.me().properties().role(), resumeId, link);
        link.joined(me);
        socket.joined(me);
        if (socket.isClosed()) {
            // The socket closed while the TURN credentials were fetched: its close listeners saw no participant, so
            // nothing else would ever evict this one.
            room.leaveIfOn(me.connectionId(), link, EndReason.NETWORK_DISCONNECT);
            throw new RpcException(RpcErrorCodes.GENERIC, "The socket closed during joinRoom");
        }
        ObjectNode result = response(joined.me(), joined.session(), iceServers);
        result.put(OpenViduMethods.JoinRoomResult.SESSION_ID, resumeId);
        // openvidu-browser fires recordingStarted for whoever joins a session being recorded (openvidu-server's
        // onParticipantJoined): the recordingStarted notification went out before this participant was there.
        recordingAnnounced.apply(room.id(), joined.me().properties().role()).ifPresent(recording -> {
            result.put("recordingId", recording.id());
            result.put("recordingName", recording.name());
        });
        return result;
    }

    /**
     * A backend that mints its own HS256 tokens never called the REST API for the connection: the verified token is
     * the connection's definition (id, role, server data), so it is created here, pending, then joined as usual.
     */
    private static void registerBackendMintedConnection(Room room, VerifiedConnectionToken token, String tokenParam) {
        if (room.connection(token.connectionId()).isPresent()) {
            return;
        }
        try {
            room.addPending(token.connectionId(), tokenParam, ConnectionProperties.webRtc(token.role(), token.serverData()));
        } catch (RoomException raced) {
            if (raced.problem() != RoomException.Problem.CONNECTION_EXISTS) {
                throw raced;
            }
        }
    }

    /**
     * @param fresh the TURN servers with fresh credentials for this connection; used unless the connection was
     *              created with its own {@code customIceServers}, which replace them (as in OpenVidu)
     */
    static ObjectNode response(ConnectionSnapshot me, SessionSnapshot session, List<io.vidgate.turn.IceServer> fresh) {
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
        result.put("version", OpenViduVersion.COMPATIBLE); // openvidu-browser warns unless major.minor match its own
        result.put("mediaServer", "kurento");
        result.put("videoSimulcast", false);
        result.put("record", me.properties().record());
        result.put("role", me.properties().role().name());
        ArrayNode ice = result.putArray("customIceServers");
        if (!me.properties().customIceServers().isEmpty()) {
            for (IceServer server : me.properties().customIceServers()) {
                addIceServer(ice, server.url(), server.username(), server.credential());
            }
        } else {
            // openvidu-browser reads one url per entry: a server with several URIs becomes several entries.
            for (io.vidgate.turn.IceServer server : fresh) {
                for (String url : server.urls()) {
                    addIceServer(ice, url, server.username(), server.credential());
                }
            }
            legacyCoturnFields(result, fresh);
        }
        return result;
    }

    private static void addIceServer(ArrayNode ice, String url, String username, String credential) {
        ObjectNode entry = ice.addObject();
        entry.put("url", url);
        if (username != null) {
            entry.put("username", username);
        }
        if (credential != null) {
            entry.put("credential", credential);
        }
    }

    /** OpenVidu 2's older fields (coturnIp, coturnPort, turnUsername, turnCredential): the first TURN URI. */
    private static void legacyCoturnFields(ObjectNode result, List<io.vidgate.turn.IceServer> fresh) {
        for (io.vidgate.turn.IceServer server : fresh) {
            for (String url : server.urls()) {
                if (server.username() == null || !url.startsWith("turn:")) {
                    continue;
                }
                TurnUri uri = TurnUri.parse(url, "vidgate.turn.uris");
                result.put("coturnIp", uri.host());
                result.put("coturnPort", uri.port());
                result.put("turnUsername", server.username());
                result.put("turnCredential", server.credential());
                return;
            }
        }
    }

    /**
     * A remote participant as openvidu-browser's {@code Connection} reads it ({@code remoteOptions}). {@code streams}
     * only if it publishes, as openvidu-server sends it: openvidu-browser 2.32.2 throws on an empty array
     * ({@code Connection.initRemoteStreams} logs {@code this.stream.inboundStreamOpts}), and its {@code connect}
     * never resolves.
     */
    static ObjectNode participant(ConnectionSnapshot connection) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", connection.id());
        node.put("createdAt", connection.createdAt());
        node.put("metadata", connection.clientData());
        if (connection.publishers().isEmpty()) {
            return node;
        }
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
