package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vidgate.broker.fuzz.RawSocket;
import io.vidgate.broker.fuzz.RpcAnswers;
import io.vidgate.broker.fuzz.RpcFrames;
import io.vidgate.broker.fuzz.RpcFrames.Frame;
import io.vidgate.broker.fuzz.Tries;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Issue 15: generated JSON-RPC frames, before and after joinRoom, against the whole broker on real sockets. Every
 * frame with an id gets exactly one well-formed answer echoing it, within a deadline; a frame that is not a request
 * gets a well-formed error (null id) or nothing; the socket stays open and keeps answering pings; and when the
 * participants leave, nothing is left on the emulator and the session can be closed. A failure prints its seed and
 * the shrunk frames (see {@link Tries}).
 */
class JsonRpcFuzzTest extends SignalingEndToEndSupport {

    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(5);

    private int probes;

    /** The whole log at the tests' level (WARN): no try may log an ERROR (issue 15, finding 7). */
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    /** Method and answer (result, or the error's code) ⇒ count: printed after each property, to see what it reached. */
    private final Map<String, Integer> answered = new java.util.TreeMap<>();

    /** What the placeholders of generated frames stand for in one try. */
    private final Map<String, String> names = new HashMap<>();

    @BeforeEach
    void recordTheLog() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(logged);
        System.out.println("JSON-RPC fuzz answers (method and answer: count): " + answered);
        answered.clear();
    }

    @Test
    void framesBeforeJoinRoomAreAnsweredAndTheTokenStillJoins() {
        Tries.check("frames before joinRoom", 150, random -> RpcFrames.sequence(random, 4), RpcFrames::shrinks,
                frames -> inNewSession(session -> beforeJoinRoom(session, frames)));
    }

    @Test
    void framesAfterJoinRoomAreAnsweredAndLeaveNothingBehind() {
        Tries.check("frames after joinRoom", 100, random -> new Scenario(random.nextBoolean(), RpcFrames.sequence(random, 4)),
                scenario -> RpcFrames.shrinks(scenario.frames()).map(frames -> new Scenario(scenario.publishing(), frames)),
                scenario -> inNewSession(session -> afterJoinRoom(session, scenario)));
    }

    /**
     * Frames sent back to back, as a busy client does, with leaveRoom right behind them: requests still in flight on
     * Kurento when the participant leaves must not leave anything behind.
     */
    @Test
    void framesInFlightWhenTheParticipantLeavesLeaveNothingBehind() {
        Tries.check("frames in flight at leaveRoom", 50, random -> RpcFrames.sequence(random, 6), RpcFrames::shrinks,
                frames -> inNewSession(session -> inFlightAtLeave(session, frames)));
    }

    private void inFlightAtLeave(String session, List<Frame> frames) {
        OpenViduTestClient peer = join(session, Role.PUBLISHER);
        names.put("peerConnectionId", peer.connectionId);
        names.put("peerStreamId", peer.publish(PUBLISH_OFFER));
        Grant grant = moderator(session);
        try (RawSocket socket = RawSocket.open(port)) {
            exchange(socket, joinRoom(grant), false);
            List<JsonNode> ids = new ArrayList<>();
            boolean mayBeClosed = false;
            for (Frame generated : frames) {
                Frame frame = RpcFrames.fill(generated, names);
                mayBeClosed |= "forceDisconnect".equals(frame.method()) && frame.text().contains(grant.connectionId());
                socket.send(frame.text());
                if (frame.echoedId() != null) {
                    ids.add(frame.echoedId());
                }
            }
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"leaveRoom\",\"id\":\"leave\"}");
            ids.add(RpcFrames.JSON.getNodeFactory().stringNode("leave"));
            List<String> answers = socket.takeAnswers(ids, ANSWER_DEADLINE);
            if (answers == null && !(mayBeClosed && socket.closed().isDone())) {
                throw new AssertionError("Not every request was answered within " + ANSWER_DEADLINE + " (closed: "
                        + socket.closed().getNow(null) + "); received: " + socket.drain());
            }
            if (answers != null) {
                answers.forEach(RpcAnswers::assertWellFormed);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
        if (connection(session, peer.connectionId).isPresent()) {
            peer.call("leaveRoom", OpenViduTestClient.params());
        }
    }

    /** A moderator's socket that has not joined yet: the frames, then its token must still join. */
    private void beforeJoinRoom(String session, List<Frame> frames) {
        Grant grant = moderator(session);
        try (RawSocket socket = RawSocket.open(port)) {
            boolean joined = false;
            // A joinRoom sent as a notification (no id) with the real token joins without an answer, as JSON-RPC
            // says: the token is then spent (the socket joined, or joined and left, closing the session as its last
            // participant), and the joinRoom below may only be refused, with an error answer.
            boolean joinedUnanswered = false;
            for (Frame generated : frames) {
                Frame frame = RpcFrames.fill(generated, names);
                joinedUnanswered |= "joinRoom".equals(frame.method()) && frame.echoedId() == null
                        && frame.text().contains(names.get("token"));
                joined |= exchange(socket, frame, false).stream().anyMatch(JsonRpcFuzzTest::joinResult);
            }
            if (!joined) {
                boolean mayBeJoined = joinedUnanswered;
                assertThat(exchange(socket, joinRoom(grant), false)).as("the token joins after the fuzzed frames")
                        .anyMatch(answer -> joinResult(answer) || mayBeJoined && refusedJoin(answer));
            }
            leave(socket);
        }
    }

    /**
     * A joined moderator (publishing or not) next to a publishing peer: the frames, then both leave. Placeholders name
     * both participants' connections and streams, so that valid requests act on real media.
     */
    private void afterJoinRoom(String session, Scenario scenario) {
        OpenViduTestClient peer = join(session, Role.PUBLISHER);
        names.put("peerConnectionId", peer.connectionId);
        names.put("peerStreamId", peer.publish(PUBLISH_OFFER));
        Grant grant = moderator(session);
        try (RawSocket socket = RawSocket.open(port)) {
            JsonNode joined = exchange(socket, joinRoom(grant), false).stream().map(RawSocket::parseFrame)
                    .filter(JsonRpcFuzzTest::joinResultNode).findFirst().orElseThrow();
            names.put("rpcSessionId", joined.get("result").get("sessionId").stringValue());
            if (scenario.publishing()) {
                Frame publish = Frame.of(RpcFrames.JSON.valueToTree(Map.of("jsonrpc", "2.0", "id", "publish",
                        "method", "publishVideo", "params", OpenViduTestClient.publishParams(PUBLISH_OFFER))));
                names.put("streamId", exchange(socket, publish, false).stream().map(RawSocket::parseFrame)
                        .filter(frame -> "publish".equals(frame.path("id").stringValue(null))).findFirst().orElseThrow()
                        .get("result").get("id").stringValue());
            }
            boolean mayBeClosed = false;
            for (Frame generated : scenario.frames()) {
                Frame frame = RpcFrames.fill(generated, names);
                // A moderator may force itself out: the one frame after which the broker closes the socket.
                mayBeClosed |= "forceDisconnect".equals(frame.method()) && frame.text().contains(grant.connectionId());
                if (exchange(socket, frame, mayBeClosed) == null) {
                    break;
                }
            }
            if (!socket.closed().isDone()) {
                leave(socket);
            }
        }
        if (connection(session, peer.connectionId).isPresent()) { // unless the moderator evicted it
            peer.call("leaveRoom", OpenViduTestClient.params());
        }
    }

    /**
     * Runs a try in a new session; then, once everyone left, nothing may be left on the emulator, and the session
     * must close.
     */
    private void inNewSession(java.util.function.Consumer<String> body) {
        int baseline = kms.objects().total();
        int loggedBefore;
        synchronized (logged) {
            loggedBefore = logged.list.size();
        }
        names.clear();
        String session = newSession();
        try {
            body.accept(session);
            // Against the count before the try: a leak found by one try must not fail the shrinking runs after it.
            awaitTrue("the emulator's objects back to " + baseline + " (now " + kms.objects().byType() + ")",
                    () -> kms.objects().total() == baseline, Duration.ofSeconds(10));
            // Closed by its last participant leaving (404 then), or closed here while someone is still in.
            boolean open = rooms.session(session).isPresent();
            Http closed = rest("DELETE", "/openvidu/api/sessions/" + session, null);
            assertThat(closed.status()).as(closed.body()).isEqualTo(open ? 204 : 404);
            assertThat(rooms.session(session)).isEmpty();
            List<ILoggingEvent> events;
            synchronized (logged) { // the appender's own lock: events arrive from the broker's threads
                events = List.copyOf(logged.list.subList(loggedBefore, logged.list.size()));
            }
            // kurento-client's own ERROR for an ICE candidate event that reaches an endpoint the broker has just
            // released is a race of the Kurento transport, not a client's mistake: left to it, not checked here.
            assertThat(events).as("errors logged by the broker").noneMatch(event -> event.getLevel() == Level.ERROR
                    && !event.getLoggerName().startsWith("org.kurento."));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        } finally {
            cleanUp(session, baseline);
        }
    }

    /** The fuzzed participant's pending connection, and the names its frames may use. */
    private Grant moderator(String session) {
        Grant grant = newConnection(session, Role.MODERATOR);
        names.put("sessionId", session);
        names.put("connectionId", grant.connectionId());
        names.put("token", grant.tokenUrl());
        names.put("publishOffer", PUBLISH_OFFER);
        names.put("subscribeOffer", SUBSCRIBE_OFFER);
        names.put("candidate", CANDIDATE);
        return grant;
    }

    private static Frame joinRoom(Grant grant) {
        return Frame.of(RpcFrames.JSON.valueToTree(Map.of("jsonrpc", "2.0", "id", "join", "method", "joinRoom",
                "params", OpenViduTestClient.joinParams(grant.tokenUrl(), grant.sessionId(), ""))));
    }

    /**
     * After a failed try too, so that the shrinking runs start from the same state: the session closed (its
     * participants evicted, their media released), and the emulator back to its count.
     */
    private void cleanUp(String session, int baseline) {
        rest("DELETE", "/openvidu/api/sessions/" + session, null);
        closeClients();
        try {
            awaitTrue("the emulator back to " + baseline, () -> kms.objects().total() <= baseline, Duration.ofSeconds(10));
        } catch (InterruptedException | AssertionError ignored) {
            // the try's own assertion already reports what was left
        }
    }

    private record Scenario(boolean publishing, List<Frame> frames) {
    }

    /**
     * Sends a frame, then a ping: checks the answer to the frame (when it has an id), the pong, and every frame
     * received meanwhile. Returns them; null when the socket was closed and {@code mayBeClosed}.
     */
    private List<String> exchange(RawSocket socket, Frame frame, boolean mayBeClosed) {
        try {
            List<String> received = new ArrayList<>();
            socket.send(frame.text());
            JsonNode id = frame.echoedId();
            if (id != null) {
                List<String> answer = socket.takeUntil(f -> RpcAnswers.isResponseTo(f, id), ANSWER_DEADLINE);
                if (answer == null && mayBeClosed && socket.closed().isDone()) {
                    return null;
                }
                assertThat(answer).as("an answer with id %s to %s within %s (socket closed: %s; received: %s)", id,
                        frame, ANSWER_DEADLINE, socket.closed().getNow(null), socket.drain()).isNotNull();
                received.addAll(answer);
            }
            String probe = "probe-" + probes++;
            socket.send("{\"jsonrpc\":\"2.0\",\"method\":\"ping\",\"params\":{\"interval\":5000},\"id\":\"" + probe + "\"}");
            List<String> pong = socket.takeUntil(f -> RpcAnswers.isResponseTo(f, RpcFrames.JSON.getNodeFactory().stringNode(probe)),
                    ANSWER_DEADLINE);
            if (pong == null && mayBeClosed && socket.closed().isDone()) {
                return null;
            }
            assertThat(pong).as("a pong after %s (socket closed: %s; received: %s)", frame, socket.closed().getNow(null),
                    socket.drain()).isNotNull();
            received.addAll(pong);
            for (String answer : received) {
                RpcAnswers.assertWellFormed(answer);
                JsonNode parsed = RawSocket.parseFrame(answer);
                if (parsed.has("method")) {
                    continue;
                }
                JsonNode answerId = parsed.get("id");
                if (answerId.equals(id) || answerId.isNull()) {
                    String method = RpcFrames.METHODS.containsKey(frame.method()) ? frame.method() : "(other)";
                    answered.merge(method + " " + (parsed.has("result") ? "result"
                            : parsed.path("error").path("code").asInt()), 1, Integer::sum);
                }
                if (answerId.isNull()) {
                    assertThat(id).as("an answer without id (%s) to a frame with id: %s", answer, frame).isNull();
                } else if (!answerId.isString() || !answerId.stringValue().equals(probe)) {
                    assertThat(answerId).as("the id of %s, answering %s", answer, frame).isEqualTo(id);
                }
            }
            assertThat(RawSocket.parseFrame(pong.get(pong.size() - 1)).path("result").path("value").stringValue(null))
                    .isEqualTo("pong");
            return received;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    private static boolean refusedJoin(String frame) {
        JsonNode answer = RawSocket.parseFrame(frame);
        return answer != null && "join".equals(answer.path("id").stringValue(null)) && answer.has("error");
    }

    private static boolean joinResult(String frame) {
        return joinResultNode(RawSocket.parseFrame(frame));
    }

    private static boolean joinResultNode(JsonNode frame) {
        return frame != null && frame.has("result") && frame.get("result").has("finalUserId");
    }

    private void leave(RawSocket socket) {
        Frame leave = Frame.of(RpcFrames.JSON.valueToTree(Map.of("jsonrpc", "2.0", "id", "leave", "method", "leaveRoom")));
        exchange(socket, leave, false);
    }
}
