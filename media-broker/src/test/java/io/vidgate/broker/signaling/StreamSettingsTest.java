package io.vidgate.broker.signaling;

import static io.vidgate.broker.signaling.OpenViduTestClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import io.vidgate.emulator.hooks.ObjectsReport;
import io.vidgate.emulator.testing.BrowserSdp;
import io.vidgate.protocol.ConnectionIds;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.token.ConnectionGrant;
import io.vidgate.protocol.token.OpenViduTokenUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.WebRtcEndpoint;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * What every WebRtcEndpoint is set up with, as the emulator received it: the video bandwidths (the server's, or the
 * connection's kurentoOptions) and the SDP with only the session's forced codec left (openvidu-server 2.32).
 */
@TestPropertySource(properties = {"vidgate.kurento.video-bandwidth.max-recv=1200",
        "vidgate.kurento.video-bandwidth.min-send=200", "vidgate.kurento.video-codec.allow-transcoding=true"})
class StreamSettingsTest extends SignalingEndToEndSupport {

    private KurentoClient inspector;

    @AfterEach
    void closeInspector() {
        if (inspector != null) {
            inspector.destroy();
        }
    }

    @Test
    void everyEndpointGetsTheServersBandwidthsOrItsConnectionsKurentoOptions() throws Exception {
        String session = newSession("{}");
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = joinWith(session, "{\"role\":\"SUBSCRIBER\",\"kurentoOptions\":"
                + "{\"videoMaxSendBandwidth\":500,\"videoMinRecvBandwidth\":100}}");

        String stream = alice.publish(ChromeSdp.offer("sendonly"));
        bob.subscribe(stream, BrowserSdp::answerTo);

        WebRtcEndpoint published = endpointNamed(stream);
        // The server's (configured max-recv and min-send, OpenVidu's defaults otherwise): alice has no kurentoOptions.
        assertThat(List.of(published.getMaxVideoRecvBandwidth(), published.getMinVideoRecvBandwidth(),
                published.getMaxVideoSendBandwidth(), published.getMinVideoSendBandwidth()))
                .containsExactly(1200, 300, 1000, 200);
        WebRtcEndpoint subscription = endpointNamed(bob.connectionId + "_" + stream);
        assertThat(List.of(subscription.getMaxVideoRecvBandwidth(), subscription.getMinVideoRecvBandwidth(),
                subscription.getMaxVideoSendBandwidth(), subscription.getMinVideoSendBandwidth()))
                .containsExactly(1200, 100, 500, 200);
    }

    @Test
    void publisherAndSubscriberSdpsKeepOnlyTheForcedCodec() throws Exception {
        String session = newSession("{\"forcedVideoCodec\":\"VP8\",\"allowTranscoding\":false}");
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        OpenViduTestClient carol = join(session, Role.SUBSCRIBER);

        String stream = alice.publish(ChromeSdp.offer("sendonly"));
        assertThat(videoMLine(endpointNamed(stream).getRemoteSessionDescriptor()))
                .isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 96 97");

        // Server offer: KMS offers VP8 and H264, the browser is offered VP8 only.
        String offer = bob.result("prepareReceiveVideoFrom", params("sender", stream, "reconnect", false))
                .get("sdpOffer").stringValue();
        assertThat(videoMLine(offer)).isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 103");
        assertThat(offer).doesNotContain("H264");
        bob.result("receiveVideoFrom", params("sender", stream, "sdpAnswer", BrowserSdp.answerTo(offer)));

        // Client offer.
        carol.result("receiveVideoFrom", params("sender", stream, "sdpOffer", ChromeSdp.offer("recvonly")));
        assertThat(videoMLine(endpointNamed(carol.connectionId + "_" + stream).getRemoteSessionDescriptor()))
                .isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 96 97");
    }

    @Test
    void reconnectionsAreMungedAndRefusedAsFirstNegotiationsAre() throws Exception {
        String session = newSession("{\"forcedVideoCodec\":\"VP8\",\"allowTranscoding\":false}");
        OpenViduTestClient alice = join(session, Role.PUBLISHER);
        OpenViduTestClient bob = join(session, Role.SUBSCRIBER);
        String stream = alice.publish(ChromeSdp.offer("sendonly"));
        bob.result("receiveVideoFrom", params("sender", stream, "sdpOffer", ChromeSdp.offer("recvonly")));

        alice.result("reconnectStream", params("stream", stream, "sdpString", ChromeSdp.offer("sendonly")));
        bob.result("reconnectStream", params("stream", stream, "sdpOffer", ChromeSdp.offer("recvonly"),
                "forciblyReconnect", false));
        awaitKmsObjects("WebRtcEndpoint", 2); // the replaced endpoints are gone
        assertThat(videoMLine(endpointNamed(stream).getRemoteSessionDescriptor()))
                .isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 96 97");
        assertThat(videoMLine(endpointNamed(bob.connectionId + "_" + stream).getRemoteSessionDescriptor()))
                .isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 96 97");

        String h264Only = ChromeSdp.offer("sendonly").replaceAll("VP8/90000", "XYZ/90000");
        JsonNode refused = alice.error("reconnectStream", params("stream", stream, "sdpString", h264Only));
        assertThat(refused.get("code").intValue()).isEqualTo(800);
        assertThat(refused.get("message").stringValue()).contains("Is Reconnecting: 'true'");
        // A refused reconnection leaves the stream as it was.
        assertThat(kms.objects().count("WebRtcEndpoint")).isEqualTo(2);
        assertThat(endpointNamed(stream)).isNotNull();
    }

    @Test
    void anOfferWithoutTheForcedCodecIsRefusedWith800WhenTranscodingIsNotAllowed() throws Exception {
        String session = newSession("{\"forcedVideoCodec\":\"H264\",\"allowTranscoding\":false}");
        OpenViduTestClient alice = join(session, Role.PUBLISHER);

        JsonNode refused = alice.error("publishVideo", OpenViduTestClient.publishParams(BrowserSdp.offer("sendonly")));

        assertThat(refused.get("code").intValue()).isEqualTo(800);
        assertThat(refused.get("message").stringValue()).startsWith("Error forcing codec: 'H264', for endpoint: '")
                .endsWith("Exception: The specified forced codec H264 is not present in the SDP");
        awaitKmsObjects("WebRtcEndpoint", 0);
        // Nothing half-done: the participant may publish again with an offer that has the codec.
        String stream = alice.publish(ChromeSdp.offer("sendonly"));
        assertThat(videoMLine(endpointNamed(stream).getRemoteSessionDescriptor())).startsWith("m=video 9 UDP/TLS/RTP/SAVPF 102 103 104");
    }

    @Test
    void withTranscodingAllowedTheOfferGoesAsItIsAndNoneMungesNothing() throws Exception {
        String transcoding = newSession("{\"forcedVideoCodec\":\"H264\"}"); // allowTranscoding: the server's, true here
        assertThat(rest("GET", "/openvidu/api/sessions/" + transcoding, null).json().get("allowTranscoding")
                .booleanValue()).isTrue();
        String vp8Only = BrowserSdp.offer("sendonly");
        String stream = join(transcoding, Role.PUBLISHER).publish(vp8Only);
        assertThat(videoMLine(endpointNamed(stream).getRemoteSessionDescriptor())).isEqualTo(videoMLine(vp8Only));

        String untouched = newSession("{\"forcedVideoCodec\":\"NONE\"}");
        String chrome = ChromeSdp.offer("sendonly");
        String all = join(untouched, Role.PUBLISHER).publish(chrome);
        assertThat(videoMLine(endpointNamed(all).getRemoteSessionDescriptor())).isEqualTo(videoMLine(chrome));
    }

    private String newSession(String body) {
        Http created = rest("POST", "/openvidu/api/sessions", body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("id").stringValue();
    }

    /** A participant whose connection was created with {@code body} (kurentoOptions), joined. */
    private OpenViduTestClient joinWith(String sessionId, String body) {
        String connectionId = ConnectionIds.generate();
        String tokenUrl = OpenViduTokenUrl.build(PUBLIC_URL, sessionId,
                ISSUER.issue(ConnectionGrant.of(sessionId, connectionId, Role.SUBSCRIBER)).jwt());
        Http created = rest("POST", "/openvidu/api/sessions/" + sessionId + "/connection", body,
                "X-Vidgate-Connection-Id", connectionId, "X-Vidgate-Connection-Token", tokenUrl);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        OpenViduTestClient client = open();
        JsonNode answer = client.joinRoom(tokenUrl, sessionId);
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return client;
    }

    /** The emulator's endpoint of that name, read through a client of our own (its getters ask the emulator). */
    private WebRtcEndpoint endpointNamed(String name) {
        if (inspector == null) {
            inspector = KurentoClient.create(kms.uri());
        }
        String id = kms.objects().pipelines().stream().flatMap(pipeline -> pipeline.objects().stream())
                .filter(entry -> name.equals(entry.name())).map(ObjectsReport.Entry::id).findFirst()
                .orElseThrow(() -> new AssertionError("No endpoint " + name + " in " + kms.objects()));
        return inspector.getById(id, WebRtcEndpoint.class);
    }

    private static String videoMLine(String sdp) {
        return Arrays.stream(sdp.split("\r?\n")).filter(line -> line.startsWith("m=video")).findFirst().orElseThrow();
    }
}
