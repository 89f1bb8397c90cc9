package io.vidgate.gateway.edge;

import java.net.URI;

import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.ConnectionTokenIssuer;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON-RPC frames of openvidu-browser 2.32.2, as its kurento-jsonrpc packer writes them. */
final class EdgeFrames {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private EdgeFrames() {
    }

    /** The token string a backend hands to openvidu-browser, for a new connection of {@code session}. */
    static String tokenUrl(ConnectionTokenIssuer issuer, int port, String session, Role role) {
        return OpenViduTokenUrl.build(URI.create("http://127.0.0.1:" + port), session,
                issuer.issue(ConnectionGrant.of(session, ConnectionIds.generate(), role)).jwt());
    }

    static String joinRoom(int id, String token, String session) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"joinRoom\",\"params\":{\"token\":\"" + token + "\",\"session\":\""
                + session + "\",\"platform\":\"test\",\"metadata\":\"{}\",\"secret\":\"\",\"recorder\":false,"
                + "\"sdkVersion\":\"2.32.2\"},\"id\":" + id + "}";
    }

    /** The first frame after a reconnection ({@code OpenVidu.reconnectWebsocketThroughRpcConnectMethod}). */
    static String resume(int id, String rpcSessionId) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"connect\",\"params\":{\"sessionId\":\"" + rpcSessionId
                + "\",\"reconnect\":true},\"id\":" + id + "}";
    }

    static JsonNode parse(String frame) {
        return JSON.readTree(frame);
    }

    /** The {@code sessionId} of a joinRoom result: the id openvidu-browser resumes with. */
    static String rpcSessionIdOf(String joinAnswer) {
        JsonNode sessionId = parse(joinAnswer).path("result").path("sessionId");
        if (!sessionId.isString()) {
            throw new AssertionError("not a joinRoom result: " + joinAnswer);
        }
        return sessionId.asString();
    }
}
