package io.vidgate.broker.webhooks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.webhooks.*}: where the broker POSTs OpenVidu's webhook events, signed per Standard Webhooks, and how
 * hard it tries. No {@code endpoint}: no webhooks at all (no thread, no journal file).
 *
 * @param endpoint          http:// or https:// URL every event is POSTed to (OpenVidu's {@code OPENVIDU_WEBHOOK_ENDPOINT})
 * @param headers           extra headers on every POST, e.g. {@code Authorization} (OpenVidu's
 *                          {@code OPENVIDU_WEBHOOK_HEADERS})
 * @param events            the events sent (OpenVidu's {@code OPENVIDU_WEBHOOK_EVENTS}); default: OpenVidu CE's seven.
 *                          {@code mediaServerLost} / {@code mediaServerRecovered} are Vidgate's own and only sent when
 *                          listed
 * @param signingSecrets    Standard Webhooks secrets, {@code whsec_<base64>}; every POST carries one signature per
 *                          secret (rotation: add the new one, move receivers over, remove the old one); checked at
 *                          start by {@link WebhookSigner}, whose messages never show a secret
 * @param signingSecret     the same list under the name ({@code VIDGATE_WEBHOOKS_SIGNING_SECRET}, comma
 *                          separated); both lists are used
 * @param retryFor          an event not delivered this long after it was accepted is given up (logged and counted);
 *                          every event is tried at least once
 * @param retryInitialDelay first retry's upper bound; each further retry doubles it (full jitter)
 * @param retryMaxDelay     the bound the doubling stops at
 * @param connectTimeout    TCP + TLS connect timeout of one attempt
 * @param responseTimeout   how long one attempt waits for the receiver's answer
 * @param maxBacklog        events accepted and not yet delivered; past it the oldest are dropped and counted
 * @param trustedCaFile     PEM file of CA certificates trusted besides the JVM's trust store (a private CA)
 * @param journalDir        where the journal of undelivered events lives; default {@code ${vidgate.data-dir}/webhooks}
 */
@Validated
@ConfigurationProperties("vidgate.webhooks")
public record WebhooksProperties(
        URI endpoint,
        Map<String, String> headers,
        @DefaultValue({"sessionCreated", "sessionDestroyed", "participantJoined", "participantLeft",
                "webrtcConnectionCreated", "webrtcConnectionDestroyed", "signalSent", "recordingStatusChanged"})
        Set<String> events,
        List<String> signingSecrets,
        List<String> signingSecret,
        @DefaultValue("1h") Duration retryFor,
        @DefaultValue("1s") Duration retryInitialDelay,
        @DefaultValue("5m") Duration retryMaxDelay,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("100000") int maxBacklog,
        Path trustedCaFile,
        Path journalDir) {

    /** OpenVidu 2.32 CE's events this broker emits today; filters come with that feature. */
    static final Set<String> OPENVIDU_EVENTS = Set.of("sessionCreated", "sessionDestroyed", "participantJoined",
            "participantLeft", "webrtcConnectionCreated", "webrtcConnectionDestroyed", "signalSent",
            "recordingStatusChanged");

    /**
     * Every name {@code events} accepts: OpenVidu CE's (filterEventDispatched too, so an OpenVidu event list works
     * unchanged — it is sent once filters exist) and Vidgate's own.
     */
    static final Set<String> KNOWN_EVENTS = Set.of("sessionCreated", "sessionDestroyed", "participantJoined",
            "participantLeft", "webrtcConnectionCreated", "webrtcConnectionDestroyed", "signalSent",
            "recordingStatusChanged", "filterEventDispatched", "mediaServerLost", "mediaServerRecovered");

    public WebhooksProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        events = Set.copyOf(events);
        signingSecrets = signingSecrets == null ? List.of() : List.copyOf(signingSecrets);
        signingSecret = signingSecret == null ? List.of() : List.copyOf(signingSecret);
        if (endpoint != null && !"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("vidgate.webhooks.endpoint must be an http:// or https:// URL, not '"
                    + endpoint.getScheme() + ":…'");
        }
        if (endpoint != null && endpoint.getHost() == null) {
            throw new IllegalArgumentException("vidgate.webhooks.endpoint must name a host");
        }
        for (String event : events) {
            if (!KNOWN_EVENTS.contains(event)) {
                throw new IllegalArgumentException("vidgate.webhooks.events: '" + event + "' is not an event; known: "
                        + String.join(", ", KNOWN_EVENTS.stream().sorted().toList()));
            }
        }
        requirePositive("retry-for", retryFor);
        requirePositive("retry-initial-delay", retryInitialDelay);
        requirePositive("retry-max-delay", retryMaxDelay);
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("response-timeout", responseTimeout);
        if (maxBacklog < 1) {
            throw new IllegalArgumentException("vidgate.webhooks.max-backlog must be at least 1, was " + maxBacklog);
        }
        if (trustedCaFile != null && !Files.isReadable(trustedCaFile)) {
            throw new IllegalArgumentException("vidgate.webhooks.trusted-ca-file: cannot read " + trustedCaFile);
        }
    }

    /** Both spellings' secrets, in order, without duplicates. */
    public List<String> secrets() {
        return allSigningSecrets(signingSecrets, signingSecret);
    }

    /** The webhooks are on: an endpoint is set. */
    public boolean enabled() {
        return endpoint != null;
    }

    private static List<String> allSigningSecrets(List<String> plural, List<String> singular) {
        Set<String> all = new LinkedHashSet<>(plural);
        all.addAll(singular);
        return new ArrayList<>(all);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("vidgate.webhooks." + name + " must be positive, was " + value);
        }
    }
}
