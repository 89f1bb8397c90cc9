package io.vidgate.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vidgate.secret} (env {@code VIDGATE_SECRET}): the password of the admin API, HTTP Basic
 * {@code OPENVIDUAPP:<secret>} as OpenVidu clients send it. It authenticates the admin API only — never a client.
 */
@ConfigurationProperties("vidgate")
public record AdminSecretProperties(String secret) {

    @Override
    public String toString() {
        return "AdminSecretProperties[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "<redacted>") + "]";
    }
}
