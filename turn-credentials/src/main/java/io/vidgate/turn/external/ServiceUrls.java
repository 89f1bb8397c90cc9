package io.vidgate.turn.external;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Checks service URLs and renders them safe to log. */
final class ServiceUrls {

    private ServiceUrls() {
    }

    static URI requireHttp(URI url, String property) {
        Objects.requireNonNull(url, () -> property + " is required");
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException(property + " must be an absolute http(s) URL, was " + withoutSecrets(url));
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(property + " must not carry user info; configure the key separately");
        }
        return url;
    }

    /** The URL without query, fragment or user info: the API key of a TURN REST API travels in the query. */
    static String withoutSecrets(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "<unprintable URL>";
        }
    }
}
