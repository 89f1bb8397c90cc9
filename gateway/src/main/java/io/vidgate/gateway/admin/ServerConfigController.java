package io.vidgate.gateway.admin;

import io.vidgate.gateway.listeners.PublicUrl;
import io.vidgate.protocol.BrokerHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OpenVidu's {@code GET /openvidu/api/config/openvidu-publicurl}, which openvidu-server serves without credentials
 * (its {@code SecurityConfig}): on the internal listener only, like the rest of the API, and without Basic
 * authentication ({@link AdminSecurityConfiguration#OPEN_ADMIN_PATHS}). The rest of {@code /openvidu/api/config} is the
 * broker's, which owns what it reports; the gateway forwards it with the public URL in a header
 * ({@link BrokerHeaders#PUBLIC_URL}).
 */
@RestController
@RequestMapping("/openvidu/api/config")
public class ServerConfigController {

    private final PublicUrl publicUrl;

    public ServerConfigController(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** With a trailing slash, as openvidu-server writes it there (and only there). */
    @GetMapping(path = "/openvidu-publicurl", produces = MediaType.TEXT_PLAIN_VALUE)
    public String publicUrl() {
        return publicUrl.uri() + "/";
    }
}
