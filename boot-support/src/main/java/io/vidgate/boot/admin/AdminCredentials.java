package io.vidgate.boot.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The admin API's one user, {@code OPENVIDUAPP}, and its secret; compares in constant time. The gateway and the broker
 * apply the same rules: the two processes share one {@code VIDGATE_SECRET}.
 */
public final class AdminCredentials {

    /** The user name every OpenVidu client sends. */
    public static final String USERNAME = "OPENVIDUAPP";
    /** The profile in which a missing secret falls back to {@link #DEV_SECRET}. */
    public static final String DEV_PROFILE = "dev";
    /** The published development secret: accepted only in the dev profile. */
    public static final String DEV_SECRET = "vidgate-dev-secret";

    private static final Logger log = LoggerFactory.getLogger(AdminCredentials.class);

    private final byte[] secret;

    private AdminCredentials(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Outside the dev profile a missing secret, or the well-known development one, stops the process: an admin API
     * with a guessable password is worse than none. The exceptions never carry the configured value.
     */
    public static AdminCredentials from(AdminSecretProperties properties, Environment environment) {
        boolean dev = environment.acceptsProfiles(Profiles.of(DEV_PROFILE));
        String configured = properties.secret();
        if (configured == null || configured.isBlank()) {
            if (!dev) {
                throw new InvalidConfigurationPropertyValueException("vidgate.secret", "<unset>",
                        "must be set (env VIDGATE_SECRET); only the dev profile falls back to a development secret");
            }
            log.warn("*** vidgate.secret is not set: using the DEVELOPMENT admin secret '{}'. Anyone who knows it can "
                    + "administer {}. Set VIDGATE_SECRET for anything but local development. ***", DEV_SECRET,
                    environment.getProperty("spring.application.name", "this process"));
            return new AdminCredentials(DEV_SECRET);
        }
        if (!dev && configured.equals(DEV_SECRET)) {
            throw new InvalidConfigurationPropertyValueException("vidgate.secret", "<redacted>",
                    "is the published development secret; choose your own outside the dev profile");
        }
        return new AdminCredentials(configured);
    }

    /** Constant time in the secret; {@code &} rather than {@code &&} so a wrong user name takes as long. */
    public boolean matches(String username, String password) {
        byte[] offered = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        boolean secretMatches = MessageDigest.isEqual(secret, offered);
        Arrays.fill(offered, (byte) 0);
        return USERNAME.equals(username) & secretMatches;
    }

    /** {@code Basic <OPENVIDUAPP:secret>}: what the gateway sends when it calls the broker's admin API itself. */
    public String basicAuthorization() {
        String pair = USERNAME + ":" + new String(secret, StandardCharsets.UTF_8);
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + USERNAME + ":<redacted>]";
    }
}
