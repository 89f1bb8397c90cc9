package io.vidgate.turn.external;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServerSource;
import io.vidgate.turn.IceServers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Fetches ICE servers from a Cloudflare-style service: {@code POST …/credentials/generate-ice-servers} with
 * {@code Authorization: Bearer <token>} and {@code {"ttl": <seconds>}} → {@code {"iceServers": [{urls, username?,
 * credential?}]}}, where {@code urls} is a string or a list.
 *
 * <p>Such credentials are not bound to a user, so one answer is cached and shared by all user ids.
 * Thread-safe; close it to release its connections.
 */
public final class CloudflareIceServersClient implements IceServerSource, AutoCloseable {

    private static final String SHARED = "";

    private final CloudflareTurnSettings settings;
    private final Clock clock;
    private final CredentialServiceHttp service;
    private final IceServersCache cache;

    public CloudflareIceServersClient(CloudflareTurnSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public CloudflareIceServersClient(CloudflareTurnSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = new CredentialServiceHttp(settings.url(), settings.timeouts());
        this.cache = new IceServersCache(clock);
    }

    @Override
    public IceServers iceServersFor(String userId) {
        IceServerSource.requireValidUserId(userId);
        return cache.get(SHARED, this::fetch);
    }

    private IceServers fetch() {
        // The answer carries no ttl; the one asked for, counted from before the request, is the safe bound.
        Instant askedAt = clock.instant();
        HttpPost request = new HttpPost(settings.url());
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiToken());
        request.setEntity(new StringEntity("{\"ttl\":" + settings.ttl().toSeconds() + "}", ContentType.APPLICATION_JSON));
        ServiceAnswer answer = ServiceAnswer.root(service.exchange(request), service);
        List<IceServer> servers = answer.requireObjects("iceServers").stream()
                .map(server -> new IceServer(server.requireUris("urls"), server.optionalString("username"),
                        server.optionalString("credential")))
                .toList();
        return service.requireUnexpired(new IceServers(servers, askedAt.plus(settings.ttl())), clock.instant());
    }

    @Override
    public void close() {
        service.close();
    }
}
