package io.vidgate.turn.external;

import java.net.URI;

/**
 * Where to fetch credentials from a TURN REST API (draft-uberti-behave-turn-rest-00) service.
 *
 * @param url      the endpoint; {@code service}, {@code username} and {@code key} are added to its query
 * @param apiKey   sent as {@code key}
 * @param timeouts null for {@link HttpTimeouts#DEFAULTS}
 */
public record TurnRestApiSettings(URI url, String apiKey, HttpTimeouts timeouts) {

    public TurnRestApiSettings {
        ServiceUrls.requireHttp(url, "vidgate.turn.external.url");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("vidgate.turn.external.key is required");
        }
        timeouts = timeouts == null ? HttpTimeouts.DEFAULTS : timeouts;
    }

    @Override
    public String toString() {
        return "TurnRestApiSettings[url=" + ServiceUrls.withoutSecrets(url) + ", apiKey=<hidden>, timeouts=" + timeouts + "]";
    }
}
