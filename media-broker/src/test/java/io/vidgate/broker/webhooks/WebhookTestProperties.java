package io.vidgate.broker.webhooks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link WebhooksProperties} for tests: small timeouts and delays, so retries take milliseconds. */
final class WebhookTestProperties {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private URI endpoint = URI.create("http://127.0.0.1:9/webhook");
    private Map<String, String> headers = Map.of();
    private Set<String> events = WebhooksProperties.OPENVIDU_EVENTS;
    private List<String> secrets = List.of(SECRET);
    private Duration retryFor = Duration.ofMinutes(1);
    private Duration retryInitialDelay = Duration.ofMillis(20);
    private Duration retryMaxDelay = Duration.ofMillis(100);
    private Path trustedCaFile;

    static WebhookTestProperties builder() {
        return new WebhookTestProperties();
    }

    WebhookTestProperties endpoint(URI value) {
        endpoint = value;
        return this;
    }

    WebhookTestProperties headers(Map<String, String> value) {
        headers = value;
        return this;
    }

    WebhookTestProperties events(Set<String> value) {
        events = value;
        return this;
    }

    WebhookTestProperties secrets(List<String> value) {
        secrets = value;
        return this;
    }

    WebhookTestProperties retryFor(Duration value) {
        retryFor = value;
        return this;
    }

    WebhookTestProperties retryDelays(Duration initial, Duration max) {
        retryInitialDelay = initial;
        retryMaxDelay = max;
        return this;
    }

    WebhookTestProperties trustedCaFile(Path value) {
        trustedCaFile = value;
        return this;
    }

    WebhooksProperties build() {
        return new WebhooksProperties(endpoint, headers, events, secrets, List.of(), retryFor, retryInitialDelay,
                retryMaxDelay, Duration.ofMillis(500), Duration.ofMillis(1000), 100_000, trustedCaFile, null);
    }
}
