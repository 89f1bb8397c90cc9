package io.vidgate.turn.external;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
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
public final class CloudflareIceServersClient extends CredentialServiceClient {

    private static final String SHARED = "";

    private final CloudflareTurnSettings settings;

    public CloudflareIceServersClient(CloudflareTurnSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public CloudflareIceServersClient(CloudflareTurnSettings settings, Clock clock) {
        super(Objects.requireNonNull(settings, "settings").url(), settings.timeouts(), clock);
        this.settings = settings;
    }

    @Override
    String cacheKey(String userId) {
        return SHARED;
    }

    @Override
    HttpUriRequestBase request(String userId) {
        HttpPost request = new HttpPost(settings.url());
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.apiToken());
        request.setEntity(new StringEntity("{\"ttl\":" + settings.ttl().toSeconds() + "}", ContentType.APPLICATION_JSON));
        return request;
    }

    @Override
    IceServers read(ServiceAnswer answer, Instant askedAt) {
        List<IceServer> servers = answer.requireObjects("iceServers").stream()
                .map(server -> new IceServer(server.requireUris("urls"), server.optionalString("username"),
                        server.optionalString("credential")))
                .toList();
        // The answer carries no ttl; the one asked for, counted from before the request, is the safe bound.
        return new IceServers(servers, askedAt.plus(settings.ttl()));
    }
}
