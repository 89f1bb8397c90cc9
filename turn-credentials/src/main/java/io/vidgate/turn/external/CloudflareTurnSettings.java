package io.vidgate.turn.external;

import io.vidgate.turn.CredentialTtl;
import java.net.URI;
import java.time.Duration;

/**
 * Where to fetch ICE servers from a Cloudflare-style service
 * ({@code POST https://rtc.live.cloudflare.com/v1/turn/keys/<key id>/credentials/generate-ice-servers}).
 *
 * @param url      the full {@code …/credentials/generate-ice-servers} endpoint
 * @param apiToken sent as {@code Authorization: Bearer <token>}
 * @param ttl      requested credential lifetime, 1 minute to 24 hours; null for {@link CredentialTtl#DEFAULT}
 * @param timeouts null for {@link HttpTimeouts#DEFAULTS}
 */
public record CloudflareTurnSettings(URI url, String apiToken, Duration ttl, HttpTimeouts timeouts) {

    public CloudflareTurnSettings {
        ServiceUrls.requireHttp(url, "vidgate.turn.external.url");
        if (apiToken == null || apiToken.isBlank()) {
            throw new IllegalArgumentException("vidgate.turn.external.key is required");
        }
        ttl = CredentialTtl.requireValid(ttl == null ? CredentialTtl.DEFAULT : ttl, "vidgate.turn.ttl");
        timeouts = timeouts == null ? HttpTimeouts.DEFAULTS : timeouts;
    }

    @Override
    public String toString() {
        return "CloudflareTurnSettings[url=" + ServiceUrls.withoutSecrets(url) + ", apiToken=<hidden>, ttl=" + ttl
                + ", timeouts=" + timeouts + "]";
    }
}
