package io.vidgate.turn.external;

import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.IceServers;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * What every client of an external credential service does alike: one {@link CredentialServiceHttp} to the service,
 * answers kept in an {@link IceServersCache}, and a fetch that counts the credentials' lifetime from before the
 * request and refuses them if they expired on the way. The subclasses say what to ask and how to read the answer.
 *
 * <p>Thread-safe; close it to release its connections.
 */
abstract sealed class CredentialServiceClient implements IceServerSource, AutoCloseable
        permits CloudflareIceServersClient, TurnRestApiClient {

    private final Clock clock;
    private final CredentialServiceHttp service;
    private final IceServersCache cache;

    CredentialServiceClient(URI url, HttpTimeouts timeouts, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = new CredentialServiceHttp(url, timeouts);
        this.cache = new IceServersCache(clock);
    }

    /** The key an answer for this user is cached under: the user id if the service binds credentials to it. */
    abstract String cacheKey(String userId);

    /** The request for this user's credentials. */
    abstract HttpUriRequestBase request(String userId);

    /** The credentials in a 2xx answer to a request sent no earlier than {@code askedAt}. */
    abstract IceServers read(ServiceAnswer answer, Instant askedAt);

    /** The service's URL without secrets, for messages. */
    final String serviceUrl() {
        return service.serviceUrl();
    }

    @Override
    public final IceServers iceServersFor(String userId) {
        IceServerSource.requireValidUserId(userId);
        return cache.get(cacheKey(userId), () -> fetch(userId));
    }

    private IceServers fetch(String userId) {
        // The lifetime counts from before the request: the service's clock started no later than this.
        Instant askedAt = clock.instant();
        ServiceAnswer answer = ServiceAnswer.root(service.exchange(request(userId)), service);
        return service.requireUnexpired(read(answer, askedAt), clock.instant());
    }

    @Override
    public final void close() {
        service.close();
    }
}
