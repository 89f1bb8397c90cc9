package io.vidgate.bench.webhookorder;

import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.vidgate.bench.signaling.Sdp;
import io.vidgate.bench.signaling.SignalingClient;
import io.vidgate.bench.signaling.SignalingTransport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A participant doing, step by step and waiting for each answer, what openvidu-browser 2.32 sends for a user's
 * actions (joinRoom, publishVideo, receiveVideoFrom with the browser's offer, onIceCandidate, unsubscribeFromVideo,
 * unpublishVideo, sendMessage, leaveRoom), with its ping every 5 s. Every step is logged with its wall-clock time.
 */
final class Peer {

    private static final ScheduledExecutorService HEARTBEATS = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heartbeats");
        thread.setDaemon(true);
        return thread;
    });

    final String name;
    final String connectionId;
    private final SignalingClient client;
    volatile String streamId;

    private Peer(String name, SignalingClient client, String connectionId) {
        this.name = name;
        this.client = client;
        this.connectionId = connectionId;
    }

    static Peer join(String name, SignalingTransport sockets, URI edge, String session, String token) {
        SignalingClient client = SignalingClient.open(sockets, edge);
        client.startHeartbeat(HEARTBEATS);
        JsonNode joined = client.result("joinRoom", json().put("token", token).put("session", session)
                .put("platform", "Chrome 126.0.0.0 on Linux 64-bit (webhook order)").put("sdkVersion", "2.32.1")
                .put("metadata", "{\"clientData\":\"" + name + "\"}").put("secret", "").put("recorder", false)
                .put("stt", false));
        Peer peer = new Peer(name, client, joined.path("id").asString());
        Steps.say(name + " joinRoom → connectionId " + peer.connectionId + " createdAt "
                + joined.path("createdAt").asLong());
        return peer;
    }

    void publish() {
        JsonNode published = client.result("publishVideo", json().put("doLoopback", false).put("hasAudio", true)
                .put("hasVideo", true).put("audioActive", true).put("videoActive", true).put("typeOfVideo", "CAMERA")
                .put("frameRate", 30).put("videoDimensions", "{\"width\":640,\"height\":480}")
                .put("sdpOffer", Sdp.offer("sendonly")));
        streamId = published.path("id").asString();
        Steps.say(name + " publishVideo → streamId " + streamId + " createdAt " + published.path("createdAt").asLong());
        candidate(connectionId);
    }

    void subscribeTo(Peer publisher) {
        client.result("receiveVideoFrom", json().put("sender", publisher.streamId)
                .put("sdpOffer", Sdp.offer("recvonly")));
        Steps.say(name + " receiveVideoFrom " + publisher.name + " answered");
        candidate(publisher.connectionId);
    }

    /** openvidu-browser names the publisher's connection here, not its stream as in receiveVideoFrom. */
    void unsubscribeFrom(Peer publisher) {
        client.result("unsubscribeFromVideo", json().put("sender", publisher.connectionId));
        Steps.say(name + " unsubscribeFromVideo " + publisher.name + " answered");
    }

    void unpublish() {
        client.result("unpublishVideo", json());
        Steps.say(name + " unpublishVideo answered");
    }

    /** openvidu-browser's Session.signal: sendMessage with the signal as a JSON string; to null = everyone. */
    void signal(String data, Peer to) {
        ObjectNode message = json().put("data", data).put("type", "signal:chat");
        message.putArray("to");
        if (to != null) {
            ((tools.jackson.databind.node.ArrayNode) message.get("to")).add(to.connectionId);
        }
        client.result("sendMessage", json().put("message", SignalingClient.JSON.writeValueAsString(message)));
        Steps.say(name + " sendMessage " + data + " answered");
    }

    /** An error answer is logged, not thrown: it is part of what is recorded (scenario h). */
    void leaveRoom() {
        try {
            client.result("leaveRoom", json());
            Steps.say(name + " leaveRoom answered");
        } catch (SignalingClient.RpcError refused) {
            Steps.say(name + " leaveRoom refused: " + refused.getMessage());
        }
        client.close();
    }

    /** The socket closes normally (close frame) without leaveRoom. */
    void close() {
        client.close();
        Steps.say(name + " socket closed (close frame, no leaveRoom)");
    }

    /** The TCP connection goes: no leaveRoom, no close frame, no more pings (a killed tab). */
    void kill() {
        client.kill();
        Steps.say(name + " TCP connection dropped (no leaveRoom, no close frame)");
    }

    private void candidate(String endpointName) {
        client.result("onIceCandidate", json().put("endpointName", endpointName).put("candidate", Sdp.CANDIDATE)
                .put("sdpMid", "0").put("sdpMLineIndex", 0));
    }

    private static ObjectNode json() {
        return SignalingClient.JSON.createObjectNode();
    }
}
