package io.vidgate.gateway.turn;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * TURN credentials ({@code vidgate.turn.*}; env {@code VIDGATE_TURN_SECRETS}, {@code VIDGATE_TURN_URIS},
 * comma-separated). With neither secrets nor URIs, TURN is off: clients get no TURN server. The turn-credentials
 * library validates the values (TTL 1 min–24 h, at least one secret and one URI once either is set).
 *
 * @param ttl     lifetime of the credentials handed out
 * @param secrets coturn {@code static-auth-secret}s; the first signs, so rotation is: add the new secret to coturn,
 *                put it first here, then drop the old one from both
 * @param uris    TURN/STUN URIs clients get, e.g. {@code turn:turn.example.com:3478?transport=udp}
 * @param restApi the TURN REST API for third parties on the internal listener
 */
@ConfigurationProperties("vidgate.turn")
public record TurnProperties(
        @DefaultValue("10m") Duration ttl,
        @DefaultValue List<String> secrets,
        @DefaultValue List<String> uris,
        @DefaultValue RestApi restApi) {

    /** @param keys API keys third parties (Janus's {@code turn_rest_api_key}) send as {@code key=} or {@code api=} */
    public record RestApi(@DefaultValue List<String> keys) {

        @Override
        public String toString() {
            return "RestApi[keys=<" + keys.size() + " hidden>]";
        }
    }

    public boolean enabled() {
        return !secrets.isEmpty() || !uris.isEmpty();
    }

    @Override
    public String toString() {
        return "TurnProperties[ttl=" + ttl + ", secrets=<" + secrets.size() + " hidden>, uris=" + uris + ", restApi="
                + restApi + "]";
    }
}
