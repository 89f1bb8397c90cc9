package io.vidgate.gateway.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vidgate.gateway.listeners.PublicUrl;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenVidu's {@code GET /openvidu/api/config}: what a backend needs to know about the server it talks to, chiefly
 * the public URL its browsers must use. Vidgate reports the OpenVidu protocol version it is compatible with.
 */
@RestController
@RequestMapping("/openvidu/api/config")
public class ServerConfigController {

    /** The openvidu-browser / openvidu-java-client line Vidgate speaks. */
    public static final String OPENVIDU_COMPATIBLE_VERSION = "2.32.1";

    private final PublicUrl publicUrl;

    public ServerConfigController(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("VERSION", OPENVIDU_COMPATIBLE_VERSION);
        config.put("OPENVIDU_EDITION", "ce");
        config.put("OPENVIDU_PUBLICURL", publicUrl.uri().toString());
        config.put("DOMAIN_OR_PUBLIC_IP", publicUrl.uri().getHost());
        config.put("VIDGATE_VERSION", versionOfThisBuild());
        return config;
    }

    @GetMapping(path = "/openvidu-publicurl", produces = MediaType.TEXT_PLAIN_VALUE)
    public String publicUrl() {
        return publicUrl.uri().toString();
    }

    private static String versionOfThisBuild() {
        String version = ServerConfigController.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
