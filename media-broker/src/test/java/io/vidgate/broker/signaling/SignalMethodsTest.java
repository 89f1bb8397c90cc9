package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.kms.KmsPool;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.broker.pipeline.IceConfig;
import io.vidgate.broker.pipeline.PipelineManager;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.SessionLimits;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.broker.session.Signal;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** sendMessage from a client and signals from the REST API reach the right sockets with openvidu-browser's fields. */
class SignalMethodsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final OpenViduSignalingHandler handler = new OpenViduSignalingHandler(json, Clock.systemUTC());
    /** Signals need no media: the pool is never started, and no KMS is contacted. */
    private final KmsPool pool = new KmsPool(new KurentoProperties(List.of(URI.create("ws://127.0.0.1:9/kurento")),
            Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10), 32, Duration.ofSeconds(10), null,
            3478, null));
    private final Rooms rooms = new Rooms(new SessionLimits(10, 10), Clock.systemUTC(), new PipelineManager(pool),
            connectionId -> IceConfig.NONE, FactStream.NONE);
    private final SignalMethods methods = new SignalMethods(json);
    private final Room room = rooms.create(SessionProperties.DEFAULT);
    private final String sessionId = room.id();
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        pool.close();
    }

    private SocketSession joined() {
        return joined(new SocketSession("s-" + ConnectionIds.generate(), null, 0));
    }

    /** Joins a new connection on {@code socket} as JoinRoomMethod does: through a SocketLink over it. */
    private SocketSession joined(SocketSession socket) {
        String id = ConnectionIds.generate();
        room.addPending(id, "t-" + id, ConnectionProperties.webRtc(Role.PUBLISHER, ""));
        List<JsonNode> frames = received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        socket.outbound().asFlux().subscribe(text -> {
            JsonNode frame = json.readTree(text);
            if ("sendMessage".equals(frame.path("method").stringValue(null))) {
                frames.add(frame); // participantJoined of those who join later is not what these tests count
            }
        });
        SocketLink link = new SocketLink(handler, socket);
        room.join(id, new ActivationDetails(null, "test", "", null), link, "rpc-" + id);
        SocketSession.Participant participant = new SocketSession.Participant(room, id, Role.PUBLISHER, "rpc-" + id, link);
        link.joined(participant);
        socket.joined(participant);
        return socket;
    }

    private RpcRequest sendMessage(String message) {
        return RpcRequest.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sendMessage\",\"params\":{\"message\":"
                + json.writeValueAsString(message) + "}}", json);
    }

    @Test
    void toSomeToAllAndFromTheServer() {
        SocketSession alice = joined();
        SocketSession bob = joined();
        SocketSession carol = joined();
        String aliceId = alice.participant().connectionId();
        String bobId = bob.participant().connectionId();
        String carolId = carol.participant().connectionId();

        methods.sendMessage(alice, sendMessage("{\"to\":[\"" + bobId + "\"],\"data\":\"hi\",\"type\":\"signal:chat\"}"))
                .block(Duration.ofSeconds(1));
        assertThat(received.get(aliceId)).isEmpty();
        assertThat(received.get(carolId)).isEmpty();
        JsonNode toBob = received.get(bobId).get(0);
        assertThat(toBob.get("method").stringValue()).isEqualTo("sendMessage");
        assertThat(toBob.get("params").get("from").stringValue()).isEqualTo(aliceId);
        assertThat(toBob.get("params").get("data").stringValue()).isEqualTo("hi");
        assertThat(toBob.get("params").get("type").stringValue()).isEqualTo("signal:chat");

        methods.sendMessage(bob, sendMessage("{\"to\":[],\"data\":\"all\",\"type\":\"signal\"}")).block(Duration.ofSeconds(1));
        assertThat(received.get(aliceId)).hasSize(1);
        assertThat(received.get(bobId)).hasSize(2); // the sender too, as in OpenVidu
        assertThat(received.get(carolId)).hasSize(1);

        room.signal(new Signal(sessionId, List.of(carolId), "signal:server", "from REST", null));
        JsonNode fromServer = received.get(carolId).get(1).get("params");
        assertThat(fromServer.has("from")).isFalse();
        assertThat(fromServer.get("data").stringValue()).isEqualTo("from REST");
    }

    @Test
    void badMessagesAndRecipientsAreRefused() {
        SocketSession alice = joined();
        assertCode(() -> methods.sendMessage(alice, sendMessage("not json")), RpcException.SIGNAL_FORMAT_INVALID);
        assertCode(() -> methods.sendMessage(alice, sendMessage("{\"to\":\"x\"}")), RpcException.SIGNAL_FORMAT_INVALID);
        assertCode(() -> methods.sendMessage(alice, sendMessage("{\"to\":[\"con_nobody\"],\"data\":\"x\"}")),
                RpcException.SIGNAL_TO_INVALID);
    }

    @Test
    void signalsOverTheRateGetAnErrorAndTheSocketStaysJoined() {
        SocketSession bob = joined();
        long[] now = {0};
        // 2 a second, a burst of 3: what vidgate.signaling.signals-per-second / signal-burst configure per socket.
        SocketSession alice = joined(new SocketSession("s-alice", null, 0, new OutboundQueue(1000, 1 << 20),
                new TokenBucket(2, 3, () -> now[0])));
        String toBob = "{\"to\":[\"" + bob.participant().connectionId() + "\"],\"data\":\"hi\"}";

        for (int i = 0; i < 3; i++) {
            methods.sendMessage(alice, sendMessage(toBob)).block(Duration.ofSeconds(1));
        }
        assertThatThrownBy(() -> methods.sendMessage(alice, sendMessage(toBob)))
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(RpcException.GENERIC))
                .hasMessageContaining("vidgate.signaling.signals-per-second");
        assertThat(received.get(bob.participant().connectionId())).hasSize(3); // the refused one went nowhere

        now[0] += 500_000_000L; // half a second: one more
        methods.sendMessage(alice, sendMessage(toBob)).block(Duration.ofSeconds(1));
        assertCode(() -> methods.sendMessage(alice, sendMessage(toBob)), RpcException.GENERIC);
        assertThat(received.get(bob.participant().connectionId())).hasSize(4);
        assertThat(alice.participant()).isNotNull();
    }

    private static void assertCode(Runnable call, int code) {
        assertThatThrownBy(call::run).isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(code));
    }
}
