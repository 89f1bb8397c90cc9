package io.vidgate.turn.external;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.IceServers;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.net.URIBuilder;

/**
 * Fetches credentials from a TURN REST API (draft-uberti-behave-turn-rest-00) service:
 * {@code GET <url>?service=turn&username=<user id>&key=<api key>} → {@code {username, password, ttl, uris}}.
 *
 * <p>The service binds the credential to the user id, so answers are cached per user id.
 * Thread-safe; close it to release its connections.
 */
public final class TurnRestApiClient implements IceServerSource, AutoCloseable {

    private final TurnRestApiSettings settings;
    private final Clock clock;
    private final CredentialServiceHttp service;
    private final IceServersCache cache;

    public TurnRestApiClient(TurnRestApiSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public TurnRestApiClient(TurnRestApiSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = new CredentialServiceHttp(settings.url(), settings.timeouts());
        this.cache = new IceServersCache(clock);
    }

    @Override
    public IceServers iceServersFor(String userId) {
        IceServerSource.requireValidUserId(userId);
        return cache.get(userId, () -> fetch(userId));
    }

    private IceServers fetch(String userId) {
        // The lifetime counts from before the request: the service's clock started no later than this.
        Instant askedAt = clock.instant();
        ServiceAnswer answer = ServiceAnswer.root(service.exchange(new HttpGet(requestUri(userId))), service);
        String username = answer.requireString("username");
        String password = answer.requireString("password");
        long ttl = answer.requireTtlSeconds("ttl");
        List<String> uris = answer.requireUris("uris");
        IceServers servers = new IceServers(List.of(new IceServer(uris, username, password)), askedAt.plusSeconds(ttl));
        return service.requireUnexpired(servers, clock.instant());
    }

    private URI requestUri(String userId) {
        try {
            return new URIBuilder(settings.url())
                    .addParameter("service", "turn")
                    .addParameter("username", userId)
                    .addParameter("key", settings.apiKey())
                    .build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot add the query to " + service.serviceUrl(), e);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
