package io.vidgate.gateway.turn;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.IceServers;
import io.vidgate.turn.TurnRestApiResponse;
import io.vidgate.turn.external.TurnServiceException;

/**
 * Where the gateway's TURN credentials come from — signed locally or fetched from an external service — or none
 * when TURN is not configured. Closing it closes an external service's HTTP client.
 */
public final class TurnCredentials implements AutoCloseable {

    private final Optional<IceServerSource> source;
    private final Clock clock;

    public TurnCredentials(Optional<IceServerSource> source, Clock clock) {
        this.source = source;
        this.clock = clock;
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
