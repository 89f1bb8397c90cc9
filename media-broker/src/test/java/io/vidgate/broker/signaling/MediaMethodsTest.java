package io.vidgate.broker.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vidgate.broker.room.EmulatedRooms;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionProperties;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.SessionProperties;
import io.vidgate.emulator.KurentoEmulator;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * publishVideo / onIceCandidate / unpublishVideo against the emulator, with a socket whose frames are collected. The
 * answers to unpublishVideo, unsubscribeFromVideo and leaveRoom no longer wait for Kurento's releases (the room sends
 * them after letting go of its lock): the endpoint counts are awaited.
 */
class MediaMethodsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MediaMethods methods = new MediaMethods();
    private KurentoEmulator kms;
    private EmulatedRooms emulated;
    private Rooms rooms;
    private OpenViduSignalingHandler handler;
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, List<JsonNode>> framesBySocket = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        emulated = EmulatedRooms.start();
        kms = emulated.kms;
        rooms = emulated.rooms;
        handler = new OpenViduSignalingHandler(json, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        emulated.close();
    }

    /** A participant joined as JoinRoomMethod joins it: on a SocketLink over its socket. */
    private SocketSession joined(String sessionId, Role role) {
        Room room = rooms.existing(sessionId);
        String id = ConnectionIds.generate();
        room.addPending(id, "t-" + id, ConnectionProperties.webRtc(role, ""));
        SocketSession socket = new SocketSession("s-" + id, null, 0);
        SocketLink link = new SocketLink(handler, socket);
        room.join(id, new ActivationDetails(null, "test", "", null), link, "rpc-" + id);
        SocketSession.Participant participant = new SocketSession.Participant(room, id, role, "rpc-" + id, link);
        link.joined(participant);
        socket.joined(participant);
        List<JsonNode> mine = framesBySocket.computeIfAbsent(socket.socketId(), k -> new CopyOnWriteArrayList<>());
        socket.outbound().asFlux().subscribe(text -> {
            frames.add(json.readTree(text));
            mine.add(json.readTree(text));
        });
        return socket;
    }

    private java.util.Optional<ConnectionSnapshot> connection(String sessionId, String connectionId) {
        return rooms.existing(sessionId).connection(connectionId);
    }

    private RpcRequest request(String method, String params) {
        return RpcRequest.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}",
                json);
    }

    @Test
    void publishTrickleAndUnpublishLeaveNothingBehind() throws Exception {
        String sessionId = rooms.create(SessionProperties.DEFAULT).id();
        SocketSession alice = joined(sessionId, Role.PUBLISHER);
        String offer = json.writeValueAsString(BrowserSdp.offer("sendonly"));

        JsonNode published = methods.publishVideo(alice, request("publishVideo", "{\"sdpOffer\":" + offer
                + ",\"hasAudio\":true,\"hasVideo\":true,\"audioActive\":true,\"videoActive\":true,"
                + "\"typeOfVideo\":\"CAMERA\",\"frameRate\":30,\"videoDimensions\":\"{\\\"width\\\":640}\"}"))
                .block(Duration.ofSeconds(5));
        String streamId = published.get("id").stringValue();
        assertThat(streamId).startsWith("str_CAM_");
        assertThat(published.get("sdpAnswer").stringValue()).startsWith("v=0");
        assertThat(rooms.session(sessionId).orElseThrow().connections().get(0).publishers()).hasSize(1);

        methods.onIceCandidate(alice, request("onIceCandidate", "{\"endpointName\":\"" + streamId
                + "\",\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.50 50000 typ host\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0}")).block(Duration.ofSeconds(5));
        awaitTrue(() -> frames.stream().anyMatch(f -> "iceCandidate".equals(text(f, "method"))));
        JsonNode ice = frames.stream().filter(f -> "iceCandidate".equals(text(f, "method"))).findFirst().orElseThrow()
                .get("params");
        assertThat(ice.get("senderConnectionId").stringValue()).isEqualTo(alice.participant().connectionId());
        assertThat(ice.get("endpointName").stringValue()).isEqualTo(streamId);
        assertThat(ice.get("candidate").stringValue()).startsWith("candidate:");

        methods.unpublishVideo(alice, request("unpublishVideo", "{}")).block(Duration.ofSeconds(5));
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 0);
        assertThat(rooms.session(sessionId).orElseThrow().connections().get(0).publishers()).isEmpty();
    }

    @Test
    void subscribersMayNotPublishAndBadSdpIsAnSdpError() {
        String sessionId = rooms.create(SessionProperties.DEFAULT).id();
        SocketSession bob = joined(sessionId, Role.SUBSCRIBER);
        assertThatThrownBy(() -> methods.publishVideo(bob, request("publishVideo", "{\"sdpOffer\":\"v=0\"}")))
                .isInstanceOf(RpcException.class).satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(401));

        SocketSession alice = joined(sessionId, Role.PUBLISHER);
        assertThatThrownBy(() -> methods.publishVideo(alice, request("publishVideo",
                "{\"sdpOffer\":\"v=0\\r\\nm=x\\r\\n\",\"typeOfVideo\":\"CAMERA\"}"))
                .block(Duration.ofSeconds(5)))
                .isInstanceOf(RpcException.class).satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(302));
        assertThatThrownBy(() -> methods.publishVideo(alice, request("publishVideo", "{\"sdpOffer\":\"v=0\"}")))
                .isInstanceOf(RpcException.class)
                .satisfies(e -> assertThat(((RpcException) e).code()).isEqualTo(RpcException.INVALID_PARAMS));
        // The session is unharmed: publishing again works.
        String offer = json.writeValueAsString(BrowserSdp.offer("sendonly"));
        assertThat(methods.publishVideo(alice, request("publishVideo", "{\"sdpOffer\":" + offer
                + ",\"typeOfVideo\":\"CAMERA\"}"))
                .block(Duration.ofSeconds(5)).get("sdpAnswer").stringValue()).startsWith("v=0");
    }

    /** The params of the first notification {@code method} the socket received (waits up to 5 s). */
    private JsonNode notification(SocketSession socket, String method) throws InterruptedException {
        List<JsonNode> received = framesBySocket.get(socket.socketId());
        awaitTrue(() -> received.stream().anyMatch(f -> method.equals(text(f, "method"))));
        return received.stream().filter(f -> method.equals(text(f, "method"))).findFirst().orElseThrow().get("params");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.stringValue();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void subscribeBothWaysUnsubscribeAndUnpublish() throws Exception {
        String sessionId = rooms.create(SessionProperties.DEFAULT).id();
        SocketSession alice = joined(sessionId, Role.PUBLISHER);
        SocketSession bob = joined(sessionId, Role.SUBSCRIBER);
        SocketSession carol = joined(sessionId, Role.SUBSCRIBER);
        String offer = json.writeValueAsString(BrowserSdp.offer("sendonly"));
        String streamId = methods.publishVideo(alice, request("publishVideo", "{\"sdpOffer\":" + offer
                + ",\"typeOfVideo\":\"CAMERA\"}")).block(Duration.ofSeconds(5)).get("id").stringValue();

        // Bob: server offer, then his answer (openvidu-browser's default).
        String serverOffer = methods.prepareReceiveVideoFrom(bob, request("prepareReceiveVideoFrom",
                "{\"sender\":\"" + streamId + "\",\"reconnect\":false}")).block(Duration.ofSeconds(5))
                .get("sdpOffer").stringValue();
        assertThat(serverOffer).startsWith("v=0");
        methods.receiveVideoFrom(bob, request("receiveVideoFrom", "{\"sender\":\"" + streamId + "\",\"sdpAnswer\":"
                + json.writeValueAsString(BrowserSdp.answerTo(serverOffer)) + "}")).block(Duration.ofSeconds(5));
        // Carol: her own offer.
        JsonNode carolAnswer = methods.receiveVideoFrom(carol, request("receiveVideoFrom", "{\"sender\":\""
                + streamId + "\",\"sdpOffer\":" + json.writeValueAsString(BrowserSdp.offer("recvonly")) + "}"))
                .block(Duration.ofSeconds(5));
        assertThat(carolAnswer.get("sdpAnswer").stringValue()).startsWith("v=0");
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(3);

        // Bob trickles on his subscription (endpointName = the remote stream id) and gets KMS candidates for it.
        methods.onIceCandidate(bob, request("onIceCandidate", "{\"endpointName\":\"" + streamId
                + "\",\"candidate\":\"candidate:1 1 udp 2122260223 192.0.2.51 50001 typ host\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0}")).block(Duration.ofSeconds(5));
        awaitTrue(() -> frames.stream().anyMatch(f -> "iceCandidate".equals(text(f, "method"))
                && f.get("params").get("senderConnectionId").stringValue().equals(alice.participant().connectionId())
                && f.get("params").get("endpointName").stringValue().equals(streamId)));

        methods.unsubscribeFromVideo(bob, request("unsubscribeFromVideo", "{\"sender\":\"" + streamId + "\"}"))
                .block(Duration.ofSeconds(5));
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 2);
        assertThatThrownBy(() -> methods.prepareReceiveVideoFrom(bob, request("prepareReceiveVideoFrom",
                "{\"sender\":\"str_CAM_none_con_nobody\"}"))).isInstanceOf(RpcException.class);

        methods.unpublishVideo(alice, request("unpublishVideo", "{}")).block(Duration.ofSeconds(5));
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 0);
        assertThat(connection(sessionId, carol.participant().connectionId()).orElseThrow().subscribers()).isEmpty();
        JsonNode unpublished = notification(carol, "participantUnpublished");
        assertThat(unpublished.get("connectionId").stringValue()).isEqualTo(alice.participant().connectionId());
        assertThat(unpublished.get("reason").stringValue()).isEqualTo("unpublish");
    }

    @Test
    void leavingReleasesEverythingAndTheLastOneTakesThePipeline() throws Exception {
        String sessionId = rooms.create(SessionProperties.DEFAULT).id();
        SocketSession alice = joined(sessionId, Role.PUBLISHER);
        SocketSession bob = joined(sessionId, Role.PUBLISHER);
        String offer = json.writeValueAsString(BrowserSdp.offer("sendonly"));
        String aliceStream = methods.publishVideo(alice, request("publishVideo", "{\"sdpOffer\":" + offer
                + ",\"typeOfVideo\":\"CAMERA\"}")).block(Duration.ofSeconds(5)).get("id").stringValue();
        String bobStream = methods.publishVideo(bob, request("publishVideo", "{\"sdpOffer\":" + offer
                + ",\"typeOfVideo\":\"CAMERA\"}")).block(Duration.ofSeconds(5)).get("id").stringValue();
        String recv = json.writeValueAsString(BrowserSdp.offer("recvonly"));
        methods.receiveVideoFrom(bob, request("receiveVideoFrom", "{\"sender\":\"" + aliceStream + "\",\"sdpOffer\":"
                + recv + "}")).block(Duration.ofSeconds(5));
        methods.receiveVideoFrom(alice, request("receiveVideoFrom", "{\"sender\":\"" + bobStream + "\",\"sdpOffer\":"
                + recv + "}")).block(Duration.ofSeconds(5));
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(4);

        String bobId = bob.participant().connectionId();
        methods.streamPropertyChanged(bob, request("streamPropertyChanged", "{\"streamId\":\"" + bobStream
                + "\",\"property\":\"videoActive\",\"newValue\":false,\"reason\":\"publishVideo\"}"))
                .block(Duration.ofSeconds(5));
        JsonNode changed = notification(alice, "streamPropertyChanged");
        assertThat(changed.get("connectionId").stringValue()).isEqualTo(bobId);
        assertThat(changed.get("newValue").stringValue()).isEqualTo("false");
        assertThat(changed.get("reason").stringValue()).isEqualTo("publishVideo");
        assertThat(connection(sessionId, bobId).orElseThrow().publishers().get(0).mediaOptions().videoActive())
                .isFalse();
        methods.streamPropertyChanged(bob, request("streamPropertyChanged", "{\"streamId\":\"" + bobStream
                + "\",\"property\":\"videoDimensions\",\"newValue\":\"{\\\"width\\\":320,\\\"height\\\":240}\","
                + "\"reason\":\"screenResized\"}")).block(Duration.ofSeconds(5));
        assertThat(connection(sessionId, bobId).orElseThrow().publishers().get(0).mediaOptions()
                .videoDimensions()).isEqualTo("{\"width\":320,\"height\":240}");
        assertThatThrownBy(() -> methods.streamPropertyChanged(alice, request("streamPropertyChanged",
                "{\"streamId\":\"" + bobStream + "\",\"property\":\"videoActive\",\"newValue\":true}")))
                .isInstanceOf(RpcException.class);
        JsonNode published = notification(alice, "participantPublished");
        assertThat(published.get("id").stringValue()).isEqualTo(bobId);
        assertThat(published.get("streams").get(0).get("id").stringValue()).isEqualTo(bobStream);
        assertThat(published.get("streams").get(0).get("typeOfVideo").stringValue()).isEqualTo("CAMERA");
        methods.leaveRoom(bob, request("leaveRoom", "{}")).block(Duration.ofSeconds(5));
        JsonNode left = notification(alice, "participantLeft");
        assertThat(left.get("connectionId").stringValue()).isEqualTo(bobId);
        assertThat(left.get("reason").stringValue()).isEqualTo("disconnect");
        // Bob's publisher, his subscription and Alice's subscription to him are gone; the pipeline stays for Alice.
        awaitTrue(() -> kms.objects().count("WebRtcEndpoint") == 1);
        assertThat(kms.objects().count("MediaPipeline")).isEqualTo(1);
        assertThat(connection(sessionId, bobId)).isEmpty();
        assertThat(connection(sessionId, alice.participant().connectionId()).orElseThrow().subscribers()).isEmpty();

        methods.leaveRoom(alice, request("leaveRoom", "{}")).block(Duration.ofSeconds(5));
        awaitTrue(() -> kms.objects().total() == 0);
        assertThat(rooms.session(sessionId)).as("the last one out closes the session").isEmpty();
        assertThat(alice.participant()).as("detached: closing this socket now touches no room").isNull();
    }
}
