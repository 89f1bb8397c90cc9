package io.vidgate.broker.admin;

import java.net.URI;

import io.vidgate.broker.cdr.CdrObserver;
import io.vidgate.broker.kms.VideoBandwidthProperties;
import io.vidgate.broker.kms.VideoCodecProperties;
import io.vidgate.broker.recording.RecordingService;
import io.vidgate.broker.session.SessionsProperties;
import io.vidgate.protocol.BrokerHeaders;
import io.vidgate.protocol.OpenViduVersion;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenVidu's {@code GET /openvidu/api/config} and its sub-paths, with openvidu-server 2.32 CE's fields
 * ({@code ConfigRestController}). The broker answers because it owns what they report — the stream settings it applies,
 * and the features it has or not (the CDR with its folder when {@code vidgate.cdr.enabled}; no recording or webhook
 * yet: false, and their details omitted as openvidu-server omits them when disabled). The public URL is the gateway's:
 * it sends it with every forwarded call ({@link #BrokerHeaders.PUBLIC_URL}); the gateway itself answers
 * {@code /openvidu-publicurl}, which needs no credentials.
 */
@RestController
@RequestMapping("/openvidu/api/config")
public class ServerConfigController {

    private final VideoBandwidthProperties bandwidth;
    private final VideoCodecProperties codec;
    private final SessionsProperties sessions;
    /** Null when the CDR is off. */
    private final CdrObserver cdr;
    private final RecordingService recordings;

    public ServerConfigController(VideoBandwidthProperties bandwidth, VideoCodecProperties codec,
            SessionsProperties sessions, ObjectProvider<CdrObserver> cdr, RecordingService recordings) {
        this.bandwidth = bandwidth;
        this.codec = codec;
        this.sessions = sessions;
        this.cdr = cdr.getIfAvailable();
        this.recordings = recordings;
    }

    /** Without the gateway's header (a call straight to the broker), the public URL fields are left out. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode config(@RequestHeader(name = BrokerHeaders.PUBLIC_URL, required = false) String publicUrl) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("VERSION", OpenViduVersion.COMPATIBLE);
        if (publicUrl != null && !publicUrl.isBlank()) {
            URI url = URI.create(publicUrl);
            json.put("DOMAIN_OR_PUBLIC_IP", url.getHost());
            json.put("HTTPS_PORT", portOf(url));
            json.put("OPENVIDU_PUBLICURL", publicUrl);
        }
        json.put("OPENVIDU_CDR", cdr != null);
        if (cdr != null) {
            json.put("OPENVIDU_CDR_PATH", cdr.directory() + "/"); // openvidu-server ends its folders with a slash
        }
        json.put("OPENVIDU_STREAMS_VIDEO_MAX_RECV_BANDWIDTH", bandwidth.maxRecv());
        json.put("OPENVIDU_STREAMS_VIDEO_MIN_RECV_BANDWIDTH", bandwidth.minRecv());
        json.put("OPENVIDU_STREAMS_VIDEO_MAX_SEND_BANDWIDTH", bandwidth.maxSend());
        json.put("OPENVIDU_STREAMS_VIDEO_MIN_SEND_BANDWIDTH", bandwidth.minSend());
        json.put("OPENVIDU_STREAMS_FORCED_VIDEO_CODEC", codec.forced().name());
        json.put("OPENVIDU_STREAMS_ALLOW_TRANSCODING", codec.allowTranscoding());
        json.put("OPENVIDU_WEBRTC_SIMULCAST", false); // as joinRoom's videoSimulcast: browsers are never asked for it
        json.put("OPENVIDU_SESSIONS_GARBAGE_INTERVAL", sessions.garbageInterval().toSeconds());
        json.put("OPENVIDU_SESSIONS_GARBAGE_THRESHOLD", sessions.garbageThreshold().toSeconds());
        json.put("OPENVIDU_RECORDING", recordings.enabled());
        if (recordings.enabled()) {
            json.put("OPENVIDU_RECORDING_PATH", recordings.directory() + "/");
            json.put("OPENVIDU_RECORDING_PUBLIC_ACCESS", false); // downloads always need the admin credentials
            json.put("OPENVIDU_RECORDING_NOTIFICATION", recordings.properties().notification().name().toLowerCase());
            json.put("OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT", recordings.properties().autostopTimeout().toSeconds());
        }
        json.put("OPENVIDU_WEBHOOK", false);
        json.put("OPENVIDU_EDITION", "ce");
        json.put("VIDGATE_VERSION", versionOfThisBuild());
        return json;
    }

    @GetMapping(path = "/openvidu-version", produces = MediaType.TEXT_PLAIN_VALUE)
    public String version() {
        return OpenViduVersion.COMPATIBLE;
    }

    @GetMapping(path = "/openvidu-recording", produces = MediaType.APPLICATION_JSON_VALUE)
    public boolean recording() {
        return recordings.enabled();
    }

    /** openvidu-server answers its configured folder (ending in a slash) even with recording off. */
    @GetMapping(path = "/openvidu-recording-path", produces = MediaType.TEXT_PLAIN_VALUE)
    public String recordingPath() {
        return recordings.directory() + "/";
    }

    @GetMapping(path = "/openvidu-cdr", produces = MediaType.APPLICATION_JSON_VALUE)
    public boolean cdr() {
        return cdr != null;
    }

    /** openvidu-server's HTTPS_PORT is the port browsers reach it on; the scheme's when the URL names none. */
    private static int portOf(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
    }

    private static String versionOfThisBuild() {
        String version = ServerConfigController.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
