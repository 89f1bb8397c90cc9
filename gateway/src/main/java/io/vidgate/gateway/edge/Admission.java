package io.vidgate.gateway.edge;

import io.vidgate.gateway.edge.ResumableSessions.Resumable;
import io.vidgate.protocol.rpc.JsonRpcError;
import org.springframework.web.reactive.socket.CloseStatus;
import tools.jackson.databind.JsonNode;

/**
 * The verdict on a first frame: a refusal (with the JSON-RPC error to answer, if any), or the frame to send up and who
 * sent it; {@code resumedId} is the rpcSessionId of an admitted resume.
 */
record Admission(EdgeRefusal refusal, JsonNode id, CloseStatus close, JsonRpcError error, Frame upstreamFirst,
        Resumable who, String resumedId) {

    static Admission refused(EdgeRefusal reason, JsonNode id, CloseStatus close, JsonRpcError error) {
        return new Admission(reason, id, close, error, null, null, null);
    }

    static Admission joined(JsonNode id, Frame upstreamFirst, Resumable who) {
        return new Admission(null, id, null, null, upstreamFirst, who, null);
    }

    static Admission resumed(JsonNode id, Frame upstreamFirst, Resumable who, String rpcSessionId) {
        return new Admission(null, id, null, null, upstreamFirst, who, rpcSessionId);
    }
}
