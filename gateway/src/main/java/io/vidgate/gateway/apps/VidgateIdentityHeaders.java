package io.vidgate.gateway.apps;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * The headers through which an app behind the gateway learns who is calling: set only by the gateway, from a verified
 * connection token. Every {@code X-Vidgate-*} header a client sends is dropped before a request is routed anywhere,
 * so an app can trust what arrives under these names.
 *
 * <p>{@link #CONNECTION_ID} is also the name of one of the {@link io.vidgate.protocol.BrokerHeaders} (the connection
 * the gateway just minted, on the REST calls it forwards to the broker): same name, another meaning, kept because
 * apps already read it. The two routes never carry each other's: {@code VidgateToken} runs on app routes only, and the
 * gateway sets the broker headers only on its own routes to the broker.
 */
public final class VidgateIdentityHeaders {

    public static final String PREFIX = "X-Vidgate-";
    public static final String CONNECTION_ID = PREFIX + "Connection-Id";
    public static final String SESSION_ID = PREFIX + "Session-Id";
    public static final String ROLE = PREFIX + "Role";

    private static final String PREFIX_LOWER = PREFIX.toLowerCase(Locale.ROOT);

    private VidgateIdentityHeaders() {
    }

    static boolean anyPresent(HttpHeaders headers) {
        return headers.headerNames().stream().anyMatch(VidgateIdentityHeaders::isVidgate);
    }

    /** Removes every {@code X-Vidgate-*} header, whatever its case. */
    static void removeAll(HttpHeaders headers) {
        List<String> names = headers.headerNames().stream().filter(VidgateIdentityHeaders::isVidgate).toList();
        names.forEach(headers::remove);
    }

    private static boolean isVidgate(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith(PREFIX_LOWER);
    }
}
