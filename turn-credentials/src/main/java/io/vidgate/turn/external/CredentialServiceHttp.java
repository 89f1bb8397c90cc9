package io.vidgate.turn.external;

import io.vidgate.turn.IceServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of one external credential service: bounded in time and size, and every failure turned into a
 * {@link TurnServiceException} naming the service.
 */
final class CredentialServiceHttp implements AutoCloseable {

    // A credential answer is a few hundred bytes; anything far larger is not one.
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String serviceUrl;
    private final HttpTimeouts timeouts;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;

    CredentialServiceHttp(URI url, HttpTimeouts timeouts) {
        this.serviceUrl = ServiceUrls.withoutSecrets(url);
        this.timeouts = timeouts;
        Timeout connect = Timeout.of(timeouts.connect());
        Timeout response = Timeout.of(timeouts.response());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect).setSocketTimeout(response).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect).setResponseTimeout(response).build())
                // A retry or a redirect would stretch the time a joining user waits, and a redirect could carry
                // the bearer token elsewhere: neither belongs in a credential fetch.
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "vidgate-turn-service-deadline");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.deadlines = scheduler;
    }

    String serviceUrl() {
        return serviceUrl;
    }

    TurnServiceException failure(String problem) {
        return new TurnServiceException(serviceUrl, problem);
    }

    /** Refuses an answer whose ttl was shorter than the round trip: it would reach the client already dead. */
    IceServers requireUnexpired(IceServers servers, Instant now) {
        if (!now.isBefore(servers.expiresAt())) {
            throw failure("answered credentials that expired before they arrived (" + servers.expiresAt() + ")");
        }
        return servers;
    }

    /** Sends the request and returns the parsed JSON of a 2xx answer. */
    JsonNode exchange(HttpUriRequestBase request) {
        // The response timeout restarts with every packet; this deadline bounds the call as a whole.
        ScheduledFuture<?> deadline =
                deadlines.schedule(request::cancel, timeouts.total().toMillis(), TimeUnit.MILLISECONDS);
        Answer answer;
        try {
            answer = http.execute(request, response -> new Answer(response.getCode(), readBounded(response.getEntity())));
        } catch (ConnectTimeoutException e) {
            throw new TurnServiceException(serviceUrl, "did not accept a connection within " + timeouts.connect(), e);
        } catch (ConnectException e) {
            throw new TurnServiceException(serviceUrl, "is not reachable (" + e.getMessage() + ")", e);
        } catch (SocketTimeoutException e) {
            throw new TurnServiceException(serviceUrl, "did not answer within " + timeouts.response(), e);
        } catch (IOException e) {
            if (request.isCancelled()) {
                throw new TurnServiceException(serviceUrl, "did not finish answering within " + timeouts.total(), e);
            }
            throw new TurnServiceException(serviceUrl, "failed: " + e, e);
        } catch (IllegalStateException e) {
            // A deadline that fires before a connection was leased makes HttpClient throw this instead of an
            // IOException (seen on a machine so busy that the whole call outlived its deadline).
            if (request.isCancelled()) {
                throw new TurnServiceException(serviceUrl, "did not finish answering within " + timeouts.total(), e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
        if (answer.status() < 200 || answer.status() > 299) {
            throw failure("answered HTTP " + answer.status());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (JacksonException e) {
            throw new TurnServiceException(serviceUrl, "answered something that is not JSON", e);
        }
    }

    private byte[] readBounded(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (body.length > MAX_ANSWER_BYTES) {
                throw failure("answered more than " + MAX_ANSWER_BYTES + " bytes");
            }
            return body;
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }

    private record Answer(int status, byte[] body) {
    }
}
