package io.vidgate.boot.turn;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.IceServers;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnRestApiResponse;
import io.vidgate.turn.TurnSettings;
import io.vidgate.turn.external.CloudflareIceServersClient;
import io.vidgate.turn.external.CloudflareTurnSettings;
import io.vidgate.turn.external.HttpTimeouts;
import io.vidgate.turn.external.TurnRestApiClient;
import io.vidgate.turn.external.TurnRestApiSettings;
import io.vidgate.turn.external.TurnServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where TURN credentials come from — signed locally or fetched from an external service — or none when TURN is not
 * configured. The gateway hands them to browsers ({@code /v1/ice-servers}); the broker puts them in the
 * {@code joinRoom} answer. Closing it closes an external service's HTTP client.
 */
public final class TurnCredentials implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TurnCredentials.class);

    private final Optional<IceServerSource> source;
    private final Clock clock;

    public TurnCredentials(Optional<IceServerSource> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** The source {@code vidgate.turn.*} configures; a {@link ConfigurationProblem} for invalid values. */
    public static TurnCredentials from(TurnProperties properties) {
        if (!properties.enabled()) {
            log.info("TURN is off (no vidgate.turn.secrets / vidgate.turn.uris): clients get no TURN server");
            return new TurnCredentials(Optional.empty(), Clock.systemUTC());
        }
        IceServerSource source = ConfigurationProblem.check(() -> source(properties));
        log.info("TURN credentials: {} source", properties.source().name().toLowerCase(java.util.Locale.ROOT));
        return new TurnCredentials(Optional.of(source), Clock.systemUTC());
    }

    private static IceServerSource source(TurnProperties properties) {
        TurnProperties.External external = properties.external();
        return switch (properties.source()) {
            case LOCAL -> new TurnCredentialIssuer(
                    new TurnSettings(properties.ttl(), properties.secrets(), properties.uris()));
            case REST_API_SERVICE -> new TurnRestApiClient(
                    new TurnRestApiSettings(external.url(), external.key(), timeouts(external)));
            case CLOUDFLARE -> new CloudflareIceServersClient(
                    new CloudflareTurnSettings(external.url(), external.key(), properties.ttl(), timeouts(external)));
        };
    }

    private static HttpTimeouts timeouts(TurnProperties.External external) {
        return new HttpTimeouts(external.connectTimeout(), external.responseTimeout());
    }

    public boolean enabled() {
        return source.isPresent();
    }

    /**
     * Fresh ICE servers for one user (a connection id); an empty list when TURN is off.
     *
     * @throws TurnServiceException when an external service fails (down, slow, garbage)
     */
    public List<IceServer> iceServersFor(String userId) {
        return source.map(turn -> turn.iceServersFor(userId).servers()).orElse(List.of());
    }

    /**
     * The same credentials in the TURN REST API draft's shape: the first server that carries credentials, with every
     * URI handed out. Empty when TURN is off.
     *
     * @throws TurnServiceException when an external service fails
     */
    public Optional<TurnRestApiResponse> restApiResponse(String userId) {
        return source.map(turn -> toRestApiResponse(turn.iceServersFor(userId)));
    }

    private TurnRestApiResponse toRestApiResponse(IceServers servers) {
        IceServer credentialed = servers.servers().stream().filter(server -> server.username() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("the TURN credential source returned no credentials"));
        List<String> uris = servers.servers().stream().flatMap(server -> server.urls().stream()).toList();
        // Expiry is whole seconds: round the remaining lifetime up, so a fresh 10-minute credential says 600.
        long ttl = (Duration.between(clock.instant(), servers.expiresAt()).toMillis() + 999) / 1000;
        return new TurnRestApiResponse(credentialed.username(), credentialed.credential(), Math.max(ttl, 0), uris);
    }

    @Override
    public void close() throws Exception {
        if (source.isPresent() && source.get() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
