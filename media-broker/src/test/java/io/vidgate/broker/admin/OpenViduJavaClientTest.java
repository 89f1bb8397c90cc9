package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.ConnectionType;
import io.openvidu.java.client.IceServerProperties;
import io.openvidu.java.client.KurentoOptions;
import io.openvidu.java.client.MediaMode;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Publisher;
import io.openvidu.java.client.RecordingLayout;
import io.openvidu.java.client.RecordingMode;
import io.openvidu.java.client.RecordingProperties;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.openvidu.java.client.VideoCodec;
import io.vidgate.broker.InProcessKurento;
import io.vidgate.broker.room.RecordingLink;
import io.vidgate.broker.room.Room;
import io.vidgate.broker.room.Rooms;
import io.vidgate.broker.session.ActivationDetails;
import io.vidgate.broker.session.ConnectionSnapshot;
import io.vidgate.broker.session.MediaOptions;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.StreamType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The real openvidu-java-client 2.32.1 against the broker, as a backend would use it (through the gateway, which
 * {@link GatewayHeadersStandInForTests} stands in for when connections are created).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.broker.port=0", "vidgate.secret=" + OpenViduJavaClientTest.SECRET})
@Import({GatewayHeadersStandInForTests.class, InProcessKurento.class})
class OpenViduJavaClientTest {

    static final String SECRET = "java-client-test-secret";

    @LocalServerPort
    int port;

    @Autowired
    Rooms rooms;

    OpenVidu openVidu;

    private Optional<ConnectionSnapshot> connection(String sessionId, String connectionId) {
        return rooms.session(sessionId).flatMap(session -> session.connection(connectionId));
    }

    @BeforeEach
    void client() {
        openVidu = new OpenVidu("http://127.0.0.1:" + port, SECRET);
    }

    @Test
    void createsAndFetchesSessions() throws Exception {
        Session generated = openVidu.createSession();
        assertThat(generated.getSessionId()).matches("ses_[A-Za-z0-9]{10}");
        assertThat(generated.createdAt()).isPositive();
        assertThat(generated.getProperties().forcedVideoCodec()).isEqualTo(VideoCodec.MEDIA_SERVER_PREFERRED);
        assertThat(generated.getProperties().isTranscodingAllowed()).isFalse();

        SessionProperties chosen = new SessionProperties.Builder().customSessionId("java-client-room")
                .mediaMode(MediaMode.ROUTED).recordingMode(RecordingMode.MANUAL).forcedVideoCodec(VideoCodec.VP9)
                .allowTranscoding(true)
                .defaultRecordingProperties(new RecordingProperties.Builder().name("rec").recordingLayout(RecordingLayout.CUSTOM)
                        .customLayout("layout.html").frameRate(15).build())
                .build();
        Session custom = openVidu.createSession(chosen);
        assertThat(custom.getSessionId()).isEqualTo("java-client-room");
        assertThat(custom.fetch()).isFalse();
        assertThat(custom.getProperties().forcedVideoCodec()).isEqualTo(VideoCodec.VP9);
        assertThat(custom.getProperties().defaultRecordingProperties().customLayout()).isEqualTo("layout.html");
        assertThat(custom.getProperties().defaultRecordingProperties().frameRate()).isEqualTo(15);

        // A taken custom id: the broker answers 409, on which the client fetches the existing session instead.
        Session again = new OpenVidu("http://127.0.0.1:" + port, SECRET).createSession(chosen);
        assertThat(again.getSessionId()).isEqualTo("java-client-room");
        assertThat(again.createdAt()).isEqualTo(custom.createdAt());

        OpenVidu fresh = new OpenVidu("http://127.0.0.1:" + port, SECRET);
        assertThat(fresh.fetch()).isTrue();
        assertThat(fresh.getActiveSessions()).extracting(Session::getSessionId)
                .contains(generated.getSessionId(), "java-client-room");
        assertThat(fresh.getActiveSession("java-client-room").getProperties().isTranscodingAllowed()).isTrue();
    }

    @Test
    void createsConnectionsAndReadsThemBack() throws Exception {
        Session session = openVidu.createSession();
        Connection moderator = session.createConnection(new ConnectionProperties.Builder()
                .type(ConnectionType.WEBRTC).role(OpenViduRole.MODERATOR).data("{\"name\":\"alice\"}").record(false)
                .kurentoOptions(new KurentoOptions.Builder().videoMaxRecvBandwidth(1000).allowedFilters(new String[] {"FaceOverlayFilter"}).build())
                .addCustomIceServer(new IceServerProperties.Builder().url("turn:turn.example.com:3478").username("u").credential("c").build())
                .build());
        Connection byDefault = session.createConnection();

        assertThat(moderator.getConnectionId()).matches("con_[A-Za-z0-9]{10}");
        assertThat(moderator.getToken()).startsWith("ws://127.0.0.1:4443?sessionId=" + session.getSessionId() + "&token=");
        assertThat(moderator.getStatus()).isEqualTo("pending");
        assertThat(moderator.getRole()).isEqualTo(OpenViduRole.MODERATOR);
        assertThat(moderator.getServerData()).isEqualTo("{\"name\":\"alice\"}");
        assertThat(moderator.record()).isFalse();
        assertThat(moderator.getType()).isEqualTo(ConnectionType.WEBRTC);
        assertThat(moderator.getCustomIceServers()).extracting(IceServerProperties::getUrl).containsExactly("turn:turn.example.com:3478");
        assertThat(byDefault.getRole()).isEqualTo(OpenViduRole.PUBLISHER);
        assertThat(byDefault.record()).isTrue();

        assertThat(session.fetch()).isFalse();
        assertThat(session.getConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(moderator.getConnectionId(), byDefault.getConnectionId());
        assertThat(session.getActiveConnections()).isEmpty();
        assertThat(session.getConnection(moderator.getConnectionId()).getToken()).isEqualTo(moderator.getToken());

        @SuppressWarnings("deprecation")
        String legacyToken = session.generateToken();
        assertThat(legacyToken).startsWith("ws://127.0.0.1:4443?sessionId=" + session.getSessionId());
    }

    @Test
    void seesActiveConnectionsWithTheirStreamsAndForcesThemOut() throws Exception {
        Session session = openVidu.createSession();
        Connection alice = session.createConnection();
        Connection bob = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.SUBSCRIBER).build());
        // What the signaling layer does when the two join and alice publishes (negotiated with the emulator).
        Room room = rooms.existing(session.getSessionId());
        room.join(alice.getConnectionId(), new ActivationDetails("198.51.100.4", "Chrome 126", "{\"clientData\":\"a\"}",
                null), new RecordingLink(), "resume-alice");
        room.join(bob.getConnectionId(), new ActivationDetails("198.51.100.5", "Firefox 127", "", null),
                new RecordingLink(), "resume-bob");
        String streamId = room.publish(alice.getConnectionId(), StreamType.SCREEN,
                        new MediaOptions(true, true, true, false, "SCREEN", 5, "{\"width\":1920,\"height\":1080}"),
                        BrowserSdp.offer("sendonly"))
                .get(10, TimeUnit.SECONDS).streamId();
        room.subscribe(bob.getConnectionId(), streamId, BrowserSdp.offer("recvonly")).get(10, TimeUnit.SECONDS);

        assertThat(session.fetch()).isTrue();
        Connection activeAlice = session.getConnection(alice.getConnectionId());
        assertThat(activeAlice.getStatus()).isEqualTo("active");
        assertThat(activeAlice.activeAt()).isNotNull();
        assertThat(activeAlice.getIp()).isEqualTo("198.51.100.4");
        assertThat(activeAlice.getPlatform()).isEqualTo("Chrome 126");
        assertThat(activeAlice.getClientData()).isEqualTo("{\"clientData\":\"a\"}");
        assertThat(activeAlice.getLocation()).isEqualTo("unknown");
        List<Publisher> publishers = activeAlice.getPublishers();
        assertThat(publishers).hasSize(1);
        assertThat(publishers.get(0).getStreamId()).isEqualTo(streamId);
        assertThat(publishers.get(0).hasVideo()).isTrue();
        assertThat(publishers.get(0).isVideoActive()).isFalse();
        assertThat(publishers.get(0).getTypeOfVideo()).isEqualTo("SCREEN");
        assertThat(publishers.get(0).getFrameRate()).isEqualTo(5);
        assertThat(session.getConnection(bob.getConnectionId()).getSubscribers()).containsExactly(streamId);
        assertThat(session.getActiveConnections()).hasSize(2);

        session.forceUnpublish(publishers.get(0));
        assertThat(connection(session.getSessionId(), alice.getConnectionId()).orElseThrow().publishers()).isEmpty();

        session.forceDisconnect(bob);
        assertThat(session.fetch()).isFalse();
        assertThat(session.getConnections()).extracting(Connection::getConnectionId).containsExactly(alice.getConnectionId());

        assertThatThrownBy(() -> session.forceDisconnect("con_Nope000000"))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThatThrownBy(() -> session.updateConnection(alice.getConnectionId(),
                new ConnectionProperties.Builder().role(OpenViduRole.MODERATOR).build()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(405));
    }

    @Test
    void closesSessions() throws Exception {
        Session session = openVidu.createSession();
        Connection pending = session.createConnection();

        session.close();

        assertThat(openVidu.getActiveSession(session.getSessionId())).isNull();
        assertThat(connection(session.getSessionId(), pending.getConnectionId())).isEmpty();
        assertThatThrownBy(session::fetch)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThatThrownBy(session::close)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
        assertThatThrownBy(session::createConnection)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(404));
    }

    @Test
    void unavailableFeaturesAndWrongSecretsAreHttpErrors() {
        assertThatThrownBy(openVidu::listRecordings)
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(501));
        assertThatThrownBy(() -> openVidu.startRecording("ses_Abcdefghij"))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(501));
        assertThatThrownBy(() -> new OpenVidu("http://127.0.0.1:" + port, "not-the-secret").createSession())
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
        assertThatThrownBy(() -> openVidu.createSession().createConnection(
                new ConnectionProperties.Builder().type(ConnectionType.IPCAM).rtspUri("rtsp://cam.example/1").build()))
                .isInstanceOfSatisfying(OpenViduHttpException.class, e -> assertThat(e.getStatus()).isEqualTo(501));
    }
}
