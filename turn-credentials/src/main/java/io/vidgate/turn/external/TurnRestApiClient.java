package io.vidgate.turn.external;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServers;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.net.URIBuilder;

/**
 * Fetches credentials from a TURN REST API (draft-uberti-behave-turn-rest-00) service:
 * {@code GET <url>?service=turn&username=<user id>&key=<api key>} → {@code {username, password, ttl, uris}}.
 *
 * <p>The service binds the credential to the user id, so answers are cached per user id.
 * Thread-safe; close it to release its connections.
 */
public final class TurnRestApiClient extends CredentialServiceClient {

    private final TurnRestApiSettings settings;

    public TurnRestApiClient(TurnRestApiSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public TurnRestApiClient(TurnRestApiSettings settings, Clock clock) {
        super(Objects.requireNonNull(settings, "settings").url(), settings.timeouts(), clock);
        this.settings = settings;
    }

    @Override
    String cacheKey(String userId) {
        return userId;
    }

    @Override
    HttpUriRequestBase request(String userId) {
        return new HttpGet(requestUri(userId));
    }

    @Override
    IceServers read(ServiceAnswer answer, Instant askedAt) {
        String username = answer.requireString("username");
        String password = answer.requireString("password");
        long ttl = answer.requireTtlSeconds("ttl");
        List<String> uris = answer.requireUris("uris");
        return new IceServers(List.of(new IceServer(uris, username, password)), askedAt.plusSeconds(ttl));
    }

    private URI requestUri(String userId) {
        try {
            return new URIBuilder(settings.url())
                    .addParameter("service", "turn")
                    .addParameter("username", userId)
                    .addParameter("key", settings.apiKey())
                    .build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot add the query to " + serviceUrl(), e);
        }
    }
}
