package io.vidgate.broker.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code vidgate.secret} (env {@code VIDGATE_SECRET}): the admin API password, the same one the gateway checks. The
 * gateway forwards the client's {@code Authorization} header and the broker checks it again, so that reaching the
 * broker's port is not enough to administer it.
 */
@ConfigurationProperties("vidgate")
public record AdminSecretProperties(String secret) {

    @Override
    public String toString() {
        return "AdminSecretProperties[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "<redacted>") + "]";
    }
}
