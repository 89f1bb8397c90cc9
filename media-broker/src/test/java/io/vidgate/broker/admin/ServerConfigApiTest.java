package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /openvidu/api/config} and its sub-paths with openvidu-server 2.32 CE's fields, filled from what this
 * broker applies (here: settings of its own, to tell them from the defaults) and the public URL the gateway forwards.
 * The CDR is off by default: {@code OPENVIDU_CDR} false and no {@code OPENVIDU_CDR_PATH} ({@link CdrApiTest}: on).
 */
@TestPropertySource(properties = {"vidgate.kurento.video-bandwidth.max-recv=2000",
        "vidgate.kurento.video-bandwidth.min-send=150", "vidgate.kurento.video-codec.forced=H264",
        "vidgate.kurento.video-codec.allow-transcoding=true"})
class ServerConfigApiTest extends ApiTestSupport {

    @Test
    void theCeFieldsReportWhatTheBrokerApplies() {
        BrokerApi.Response answer = api.send("GET", "/openvidu/api/config", null,
                Map.of("X-Vidgate-Public-Url", "https://meet.example.com:8443"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode config = answer.json();
        assertThat(names(config)).containsExactly("VERSION", "DOMAIN_OR_PUBLIC_IP", "HTTPS_PORT", "OPENVIDU_PUBLICURL",
                "OPENVIDU_CDR", "OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH", "OPENVIDU_STREAMS_VIDEO_MIN_RECV_BANDWIDTH",
                "OPENVIDU_STREAMS_VIDEO_MAX_SEND_BANDWIDTH", "OPENVIDU_STREAMS_VIDEO_MIN_SEND_BANDWIDTH",
                "OPENVIDU_STREAMS_FORCED_VIDEO_CODEC", "OPENVIDU_STREAMS_ALLOW_TRANSCODING", "OPENVIDU_WEBRTC_SIMULCAST",
                "OPENVIDU_SESSIONS_GARBAGE_INTERVAL", "OPENVIDU_SESSIONS_GARBAGE_THRESHOLD", "OPENVIDU_RECORDING",
                "OPENVIDU_WEBHOOK", "OPENVIDU_EDITION", "VIDGATE_VERSION");
        assertThat(config.get("OPENVIDU_SESSIONS_GARBAGE_INTERVAL").longValue()).as("seconds, as OpenVidu's").isEqualTo(900);
        assertThat(config.get("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD").longValue()).isEqualTo(3600);
        assertThat(config.get("VERSION").stringValue()).isEqualTo("2.32.1");
        assertThat(config.get("DOMAIN_OR_PUBLIC_IP").stringValue()).isEqualTo("meet.example.com");
        assertThat(config.get("HTTPS_PORT").intValue()).isEqualTo(8443);
        assertThat(config.get("OPENVIDU_PUBLICURL").stringValue()).isEqualTo("https://meet.example.com:8443");
        assertThat(config.get("OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH").intValue()).isEqualTo(2000);
        assertThat(config.get("OPENVIDU_STREAMS_VIDEO_MIN_RECV_BANDWIDTH").intValue()).isEqualTo(300);
        assertThat(config.get("OPENVIDU_STREAMS_VIDEO_MAX_SEND_BANDWIDTH").intValue()).isEqualTo(1000);
        assertThat(config.get("OPENVIDU_STREAMS_VIDEO_MIN_SEND_BANDWIDTH").intValue()).isEqualTo(150);
        assertThat(config.get("OPENVIDU_STREAMS_FORCED_VIDEO_CODEC").stringValue()).isEqualTo("H264");
        assertThat(config.get("OPENVIDU_STREAMS_ALLOW_TRANSCODING").booleanValue()).isTrue();
        assertThat(List.of(config.get("OPENVIDU_CDR"), config.get("OPENVIDU_RECORDING"), config.get("OPENVIDU_WEBHOOK"),
                config.get("OPENVIDU_WEBRTC_SIMULCAST"))).allMatch(JsonNode::isBoolean)
                .allMatch(value -> !value.booleanValue());
    }

    @Test
    void theDefaultPortIsTheSchemes() {
        JsonNode config = api.send("GET", "/openvidu/api/config", null,
                Map.of("X-Vidgate-Public-Url", "https://meet.example.com")).json();

        assertThat(config.get("HTTPS_PORT").intValue()).isEqualTo(443);
    }

    @Test
    void sessionsCreatedWithoutACodecGetTheServersDefaults() {
        JsonNode session = api.post("/openvidu/api/sessions", "{}").json();

        assertThat(session.get("forcedVideoCodec").stringValue()).isEqualTo("H264");
        assertThat(session.get("forcedVideoCodecResolved").stringValue()).isEqualTo("H264");
        assertThat(session.get("allowTranscoding").booleanValue()).isTrue();
        JsonNode chosen = api.post("/openvidu/api/sessions", "{\"forcedVideoCodec\":\"VP9\",\"allowTranscoding\":false}")
                .json();
        assertThat(chosen.get("forcedVideoCodec").stringValue()).isEqualTo("VP9");
        assertThat(chosen.get("allowTranscoding").booleanValue()).isFalse();
    }

    @Test
    void subPathsAnswerAsOpenViduServersDo() {
        BrokerApi.Response version = api.get("/openvidu/api/config/openvidu-version");
        assertThat(version.status()).isEqualTo(200);
        assertThat(version.body()).isEqualTo("2.32.1");
        assertThat(version.header("Content-Type")).startsWith("text/plain");
        assertThat(api.get("/openvidu/api/config/openvidu-recording").body()).isEqualTo("false");
        assertThat(api.get("/openvidu/api/config/openvidu-cdr").body()).as("vidgate.cdr.enabled is false by default")
                .isEqualTo("false");
        BrokerApi.Response path = api.get("/openvidu/api/config/openvidu-recording-path");
        assertThat(path.status()).isEqualTo(200);
        assertThat(path.body()).as("the folder recordings would go to, as openvidu-server answers even with recording off")
                .endsWith("/recordings/");
    }

    @Test
    void everyPathNeedsTheSecret() {
        for (String path : List.of("/openvidu/api/config", "/openvidu/api/config/openvidu-version",
                "/openvidu/api/config/openvidu-cdr")) {
            assertThat(api.sendAs(null, "GET", path, null, Map.of()).status()).as(path).isEqualTo(401);
        }
    }

    private static List<String> names(JsonNode object) {
        return object.propertyNames().stream().toList();
    }
}
