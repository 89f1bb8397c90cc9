package io.vidgate.bench.chaossoak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.vidgate.bench.signaling.Sdp;
import io.vidgate.bench.signaling.SignalingClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One signaling-level participant, doing what openvidu-browser does for a user: {@code joinRoom} with a token its
 * backend minted, a heartbeat, maybe {@code publishVideo}, subscriptions to others' streams (server offer, its
 * default, or client offer), {@code onIceCandidate} for each peer connection; then its life ends in one of the
 * ways users' tabs end: a clean {@code leaveRoom}, a kill (TCP gone, nothing said), or — a broken or hostile
 * client — a malformed frame first. Every answer it gets is counted in {@link Figures}.
 */
final class Participant {

    /** How a life ends (if the soak does not end first: then the participant stays, for the final checks). */
    enum Ending { LEAVE, KILL, MALFORMED }

    private static final int MAX_SUBSCRIPTIONS = 3;

    private final ChaosSoak soak;
    final String sessionId;
    private final Figures figures;
    /** Streams of others this participant knows of: stream id → its publisher's connection id. */
    private final Map<String, String> streams = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private SignalingClient client;
    private String connectionId;
    private String streamId;

    Participant(ChaosSoak soak, String sessionId) {
        this.soak = soak;
        this.sessionId = sessionId;
        this.figures = soak.figures();
    }

    /** Token, socket, joinRoom, heartbeat; false (counted) when any of it failed. */
    boolean join() {
        String token;
        try {
            token = soak.backend().token(sessionId);
        } catch (Exception e) {
            figures.count("rpc token (REST) failed");
            return false;
        }
        try {
            client = SignalingClient.open(soak.sockets(), soak.edge());
        } catch (RuntimeException e) {
            figures.count("rpc handshake failed: " + rootMessage(e));
            return false;
        }
        client.onNotification(this::notified);
        ObjectNode params = SignalingClient.JSON.createObjectNode().put("token", token).put("session", sessionId)
                .put("platform", "Chrome 126.0.0.0 on Linux 64-bit (chaos soak)").put("sdkVersion", "2.32.1")
                .put("metadata", "{\"clientData\":\"soak\"}").put("secret", "").put("recorder", false)
                .put("stt", false);
        JsonNode joined = call("joinRoom", params);
        if (joined == null) {
            client.close();
            return false;
        }
        connectionId = joined.path("id").asString();
        for (JsonNode other : joined.path("value")) {
            for (JsonNode stream : other.path("streams")) {
                streams.put(stream.path("id").asString(), other.path("id").asString());
            }
        }
        client.startHeartbeat(soak.scheduler());
        figures.count("action join");
        return true;
    }

    /** Publishes a camera and trickles a candidate; false (counted) if refused. */
    boolean publish() {
        ObjectNode params = SignalingClient.JSON.createObjectNode().put("doLoopback", false).put("hasAudio", true)
                .put("hasVideo", true).put("audioActive", true).put("videoActive", true).put("typeOfVideo", "CAMERA")
                .put("frameRate", 30).put("videoDimensions", "{\"width\":640,\"height\":480}")
                .put("sdpOffer", Sdp.offer("sendonly"));
        JsonNode published = call("publishVideo", params);
        if (published == null) {
            return false;
        }
        streamId = published.path("id").asString();
        candidate(connectionId);
        return true;
    }

    /** Subscribes to that stream (server offer or client offer, at random) and trickles a candidate. */
    boolean subscribe(String stream, String publisher) {
        boolean ok;
        if (ThreadLocalRandom.current().nextBoolean()) {
            JsonNode offer = call("prepareReceiveVideoFrom",
                    SignalingClient.JSON.createObjectNode().put("sender", stream).put("reconnect", false));
            ok = offer != null && call("receiveVideoFrom", SignalingClient.JSON.createObjectNode().put("sender", stream)
                    .put("sdpAnswer", Sdp.answerTo(offer.path("sdpOffer").asString()))) != null;
        } else {
            ok = call("receiveVideoFrom (client offer)", "receiveVideoFrom", SignalingClient.JSON.createObjectNode()
                    .put("sender", stream).put("sdpOffer", Sdp.offer("recvonly"))) != null;
        }
        if (ok) {
            subscribed.add(stream);
            candidate(publisher);
        }
        return ok;
    }

    /**
     * A life during the soak: publish (most do), subscribe to up to three others as they appear, until
     * {@code lifeMillis} passed or the phase ended.
     *
     * @return whether the participant is still there (the phase ended first): it then stays for the final checks
     */
    boolean live(long lifeMillis, ChaosSoak.Phase phase) throws InterruptedException {
        if (ThreadLocalRandom.current().nextInt(100) < 75) {
            publish();
        }
        long end = System.currentTimeMillis() + lifeMillis;
        while (System.currentTimeMillis() < end && !soak.over(phase)) {
            if (!client.isOpen()) {
                countClosed();
                return false;
            }
            if (subscribed.size() < MAX_SUBSCRIPTIONS) {
                List<Map.Entry<String, String>> candidates = new ArrayList<>();
                streams.forEach((stream, publisher) -> {
                    if (!subscribed.contains(stream)) {
                        candidates.add(Map.entry(stream, publisher));
                    }
                });
                if (!candidates.isEmpty()) {
                    Map.Entry<String, String> pick = candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
                    if (!subscribe(pick.getKey(), pick.getValue())) {
                        streams.remove(pick.getKey()); // refused (gone meanwhile, or a fault): not tried again
                    }
                }
            }
            Thread.sleep(500 + ThreadLocalRandom.current().nextInt(1500));
        }
        if (!client.isOpen()) {
            countClosed();
            return false;
        }
        return phase == ChaosSoak.Phase.CHAOS && soak.over(phase);
    }

    /** A socket that ended while living: killed by the soak's chaos (counted there), or closed by the stack. */
    private void countClosed() {
        String why = client.closed().getNow("?");
        if (!"killed".equals(why)) {
            figures.count("end closed by the stack: " + why);
        }
    }

    /** Ends the life the given way; counted. */
    void end(Ending ending) throws InterruptedException {
        switch (ending) {
            case LEAVE -> {
                client.leave();
                figures.count("end leaveRoom");
            }
            case KILL -> kill();
            case MALFORMED -> malformed();
        }
    }

    /** TCP gone, no leaveRoom, no close frame. */
    void kill() {
        client.kill();
        figures.count("end killed (TCP closed, no leaveRoom)");
        figures.count("action kill");
    }

    /**
     * A malformed frame, then: still open and answering a ping (then leaveRoom), or closed by the edge (oversize).
     * "open but silent" would be a defect.
     */
    private void malformed() throws InterruptedException {
        String kind = Malformed.pick();
        figures.count("action malformed");
        if (!client.sendRaw(Malformed.frame(kind))) {
            figures.count("malformed " + kind + ": socket already gone");
            return;
        }
        Thread.sleep(1_000);
        if (!client.isOpen()) {
            figures.count("malformed " + kind + ": " + client.closed().getNow("?"));
            figures.count("end closed after a malformed frame");
            return;
        }
        boolean pinged = client.pings();
        figures.count("malformed " + kind + ": socket kept" + (pinged ? ", ping answered" : ", PING NOT ANSWERED"));
        client.leave();
        figures.count("end leaveRoom after a malformed frame");
    }

    /** The final checks of a participant still there after the chaos: a ping, and a new subscription. */
    String check(String checkerStream, String checkerConnection) {
        if (!client.isOpen()) {
            return "closed: " + client.closed().getNow("?");
        }
        if (!client.pings()) {
            return "ping not answered";
        }
        if (!subscribe(checkerStream, checkerConnection)) {
            return "could not subscribe";
        }
        return null;
    }

    void leave() {
        if (client != null && client.isOpen()) {
            client.leave();
        }
    }

    boolean isOpen() {
        return client != null && client.isOpen();
    }

    String connectionId() {
        return connectionId;
    }

    String streamId() {
        return streamId;
    }

    private void candidate(String endpointName) {
        call("onIceCandidate", SignalingClient.JSON.createObjectNode().put("endpointName", endpointName)
                .put("candidate", Sdp.CANDIDATE).put("sdpMid", "0").put("sdpMLineIndex", 0));
    }

    private void notified(JsonNode frame) {
        String method = frame.path("method").asString();
        JsonNode params = frame.path("params");
        switch (method) {
            case "participantPublished" -> {
                for (JsonNode stream : params.path("streams")) {
                    streams.put(stream.path("id").asString(), params.path("id").asString());
                }
            }
            case "participantUnpublished", "participantLeft" ->
                    streams.values().removeIf(publisher -> publisher.equals(params.path("connectionId").asString()));
            default -> {
                // iceCandidate, participantJoined…: nothing to do for a signaling-level client
            }
        }
        figures.count("notification " + method);
    }

    private JsonNode call(String method, ObjectNode params) {
        return call(method, method, params);
    }

    /** The result, or null; the outcome counted under {@code label}. */
    private JsonNode call(String label, String method, ObjectNode params) {
        try {
            JsonNode answer = client.request(method, params).join();
            if (answer.has("error")) {
                figures.count("rpc " + label + " error " + answer.path("error").path("code").asInt());
                return null;
            }
            figures.count("rpc " + label + " ok");
            return answer.path("result");
        } catch (CompletionException e) {
            figures.count("rpc " + label + " no answer (" + rootMessage(e) + ")");
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        return message.startsWith("server closed") || message.startsWith("error") || message.startsWith("socket")
                ? "socket closed" : root.getClass().getSimpleName();
    }
}
