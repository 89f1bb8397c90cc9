package io.vidgate.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The password coturn derives for a REST-scheme username under {@code use-auth-secret}. */
final class CoturnPassword {

    // coturn hard-codes SHA-1 on this path, whatever its other digest settings say.
    private static final String ALGORITHM = "HmacSHA1";

    private CoturnPassword() {
    }

    static String sign(String secret, String username) {
        try {
            // A Mac is stateful and not thread-safe; one per call is cheap next to the network round trip it serves.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime must provide " + ALGORITHM, e);
        }
    }
}
