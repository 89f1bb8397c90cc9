package io.vidgate.boot.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vidgate.secret} (env {@code VIDGATE_SECRET}): the password of the admin API, HTTP Basic
 * {@code OPENVIDUAPP:<secret>} as OpenVidu clients send it. The gateway and the broker share it: the gateway forwards
 * the client's {@code Authorization} header and the broker checks it again, so that reaching the broker's port is not
 * enough to administer it. It authenticates the admin API only — never a client.
 *
 * <p>Outside the applications' own packages, so their {@code @ConfigurationPropertiesScan} does not find it: register
 * it with {@code @EnableConfigurationProperties(AdminSecretProperties.class)}.
 */
@ConfigurationProperties("vidgate")
public record AdminSecretProperties(String secret) {

    @Override
    public String toString() {
        return "AdminSecretProperties[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "<redacted>") + "]";
    }
}
