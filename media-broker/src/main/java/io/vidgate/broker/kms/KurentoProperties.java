package io.vidgate.broker.kms;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.kurento.*}: the Kurento Media Servers the broker may use.
 *
 * @param uris              one or more {@code ws://} / {@code wss://} URIs; each new session's pipeline goes to the
 *                          least loaded healthy one
 * @param livenessInterval  how often each KMS is pinged (JSON-RPC {@code ping}); the Java client's own
 *                          heartbeat is not restarted after a reconnect (kurento-java PR #21), so the broker watches
 * @param livenessTimeout   a check not answered within this time failed: the KMS is not given new sessions until one
 *                          is answered
 * @param lossAfter         a KMS whose checks fail (unanswered, or its connection down and refused) for this long is
 *                          lost: its objects are taken for dead and their participants told; a KMS that restarted is
 *                          lost at once (its objects are gone), a connection that comes back to the same server
 *                          session is no loss
 * @param maxInFlight       requests sent to one KMS and not yet answered; further ones wait, in order, for answers
 *                          (one burst of participants neither floods the KMS nor its socket)
 * @param requestTimeout    a request KMS has not answered within this time (counted from when it is sent) fails: the
 *                          participant's method gets OpenVidu's media error and what the step created is released;
 *                          kurento-client bounds only its blocking calls, its asynchronous ones wait forever. One
 *                          unanswered request is no loss of the KMS: the liveness checks decide that
 * @param stunAddress       STUN server every WebRtcEndpoint uses to learn its public address (a KMS behind NAT); an
 *                          IPv4 address, as Kurento does not resolve names; unset: none
 * @param stunPort          its port
 * @param turnUri           TURN server every WebRtcEndpoint relays through when needed, as a {@code turn:} URI with an
 *                          IPv4 host, e.g. {@code turn:10.0.0.5:3478?transport=udp}; each endpoint gets its own
 *                          short-lived credential signed with {@code vidgate.turn.secrets}; unset: none
 */
@Validated
@ConfigurationProperties("vidgate.kurento")
public record KurentoProperties(
        @DefaultValue("ws://127.0.0.1:8888/kurento") @NotEmpty List<URI> uris,
        @DefaultValue("3s") Duration livenessInterval,
        @DefaultValue("5s") Duration livenessTimeout,
        @DefaultValue("10s") Duration lossAfter,
        @DefaultValue("32") int maxInFlight,
        @DefaultValue("10s") Duration requestTimeout,
        String stunAddress,
        @DefaultValue("3478") int stunPort,
        String turnUri) {

    public KurentoProperties {
        uris = List.copyOf(uris);
        for (URI uri : uris) {
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("vidgate.kurento.uris: '" + uri + "' is not a ws:// or wss:// URI");
            }
        }
        if (livenessInterval.isNegative() || livenessInterval.isZero()) {
            throw new IllegalArgumentException("vidgate.kurento.liveness-interval must be positive");
        }
        if (livenessTimeout.isNegative() || livenessTimeout.isZero()) {
            throw new IllegalArgumentException("vidgate.kurento.liveness-timeout must be positive");
        }
        if (lossAfter.isNegative() || lossAfter.isZero()) {
            throw new IllegalArgumentException("vidgate.kurento.loss-after must be positive");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("vidgate.kurento.max-in-flight must be at least 1, was " + maxInFlight);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("vidgate.kurento.request-timeout must be positive");
        }
        if (stunAddress != null && !stunAddress.isBlank()
                && !stunAddress.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
            throw new IllegalArgumentException("vidgate.kurento.stun-address must be an IPv4 address (Kurento does not "
                    + "resolve names), was '" + stunAddress + "'");
        }
        if (stunPort < 1 || stunPort > 65535) {
            throw new IllegalArgumentException("vidgate.kurento.stun-port must be between 1 and 65535, was " + stunPort);
        }
    }

    public static KurentoProperties of(List<URI> uris) {
        return new KurentoProperties(uris, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10), 32,
                Duration.ofSeconds(10), null, 3478, null);
    }
}
