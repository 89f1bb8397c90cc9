package io.vidgate.boot.turn;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TURN credentials ({@code vidgate.turn.*}; env {@code VIDGATE_TURN_SECRETS}, {@code VIDGATE_TURN_URIS},
 * comma-separated). With the local source and neither secrets nor URIs, TURN is off: clients get no TURN server.
 * The turn-credentials library validates the values (TTL 1 min–24 h, at least one secret and one URI once either
 * is set, service URLs and timeouts).
 *
 * @param source   where credentials come from: signed here with the shared coturn secrets ({@code local}), or fetched
 *                 from an external service ({@code rest-api-service}: a TURN REST API draft endpoint;
 *                 {@code cloudflare}: Cloudflare-style {@code generate-ice-servers})
 * @param ttl      lifetime of the credentials signed here, and the lifetime asked of Cloudflare
 * @param secrets  coturn {@code static-auth-secret}s; the first signs, so rotation is: add the new secret to coturn,
 *                 put it first here, then drop the old one from both
 * @param uris     TURN/STUN URIs clients get, e.g. {@code turn:turn.example.com:3478?transport=udp}
 * @param restApi  the TURN REST API this gateway serves to third parties on the internal listener
 * @param external the external credential service, for the sources other than {@code local}
 */
@ConfigurationProperties("vidgate.turn")
public record TurnProperties(
        @DefaultValue("local") Source source,
        @DefaultValue("10m") Duration ttl,
        @DefaultValue List<String> secrets,
        @DefaultValue List<String> uris,
        @DefaultValue RestApi restApi,
        @DefaultValue External external) {

    public enum Source { LOCAL, REST_API_SERVICE, CLOUDFLARE }

    /** @param keys API keys third parties (Janus's {@code turn_rest_api_key}) send as {@code key=} or {@code api=} */
    public record RestApi(@DefaultValue List<String> keys) {

        @Override
        public String toString() {
            return "RestApi[keys=<" + keys.size() + " hidden>]";
        }
    }

    /**
     * @param url             the service endpoint
     * @param key             its credential: the {@code key=} of a TURN REST API service, the bearer token of Cloudflare
     * @param connectTimeout  how long to wait for a connection
     * @param responseTimeout how long to wait for the answer
     */
    public record External(URI url, String key, @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration responseTimeout) {

        @Override
        public String toString() {
            return "External[url=" + url + ", key=<hidden>, connectTimeout=" + connectTimeout + ", responseTimeout="
                    + responseTimeout + "]";
        }
    }

    /** Whether TURN credentials are handed out at all. */
    public boolean enabled() {
        return source != Source.LOCAL || !secrets.isEmpty() || !uris.isEmpty();
    }

    @Override
    public String toString() {
        return "TurnProperties[source=" + source + ", ttl=" + ttl + ", secrets=<" + secrets.size() + " hidden>, uris="
                + uris + ", restApi=" + restApi + ", external=" + external + "]";
    }
}
