package io.vidgate.broker.webhooks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vidgate.broker.webhooks.WebhookJournal.Entry;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that POSTs the journal's events to the endpoint, oldest first: the next event waits until the one
 * before is delivered or given up, so a receiver sees every session's events in the order they happened.
 *
 * <p>An attempt fails on a network error, a connect or response timeout, a TLS certificate that chains to no
 * trusted CA, an attempt not over within {@code connect-timeout + response-timeout} (a receiver trickling its
 * answer), or an answer outside 2xx (redirects are not followed: the signed body goes only where it was
 * configured to). It is then retried after a random delay between 0 and {@code retry-initial-delay}·2<sup>n</sup>
 * (capped at {@code retry-max-delay}: "full jitter", so receivers coming back are not hit by every sender at once),
 * or after the receiver's {@code Retry-After} (seconds or an HTTP date) when it sent one. An event not delivered
 * {@code retry-for} after it was accepted is given up at its next failure: one log line (event, id, attempts, last
 * problem; the endpoint without its query or credentials), counted in {@code vidgate.webhooks.failed}.
 *
 * <p>Each attempt carries the event's {@code webhook-id} (the same across retries and restarts), a fresh
 * {@code webhook-timestamp}, and the signatures over both and the body.
 *
 * <p>HTTP: Apache HttpClient 5 (already on the broker's classpath through turn-credentials), classic blocking API on
 * this one thread (a second one only cancels attempts past their deadline); no automatic retries, redirects or
 * cookies.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /** How long the thread sleeps on an empty journal before looking again (appends wake it at once). */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(5);

    private final URI endpoint;
    private final String endpointForLogs;
    private final Map<String, String> headers;
    private final WebhookSigner signer;
    private final WebhookJournal journal;
    private final Duration retryFor;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final Thread thread;
    private final Duration attemptDeadline;
    private final ScheduledExecutorService deadlines;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private final Timer latency;
    private volatile boolean running = true;

    WebhookSender(WebhooksProperties properties, WebhookJournal journal, MeterRegistry registry, Clock clock) {
        this.endpoint = properties.endpoint();
        this.endpointForLogs = withoutSecrets(endpoint);
        this.headers = properties.headers();
        this.signer = WebhookSigner.of(properties.secrets());
        this.journal = journal;
        this.retryFor = properties.retryFor();
        this.initialDelay = properties.retryInitialDelay();
        this.maxDelay = properties.retryMaxDelay();
        this.clock = clock;
        this.http = httpClient(properties);
        this.delivered = Counter.builder("vidgate.webhooks.delivered")
                .description("Webhook events the endpoint accepted (2xx)").register(registry);
        this.retried = Counter.builder("vidgate.webhooks.retried")
                .description("Webhook attempts that failed and were retried").register(registry);
        this.failed = Counter.builder("vidgate.webhooks.failed")
                .description("Webhook events given up after vidgate.webhooks.retry-for").register(registry);
        this.latency = Timer.builder("vidgate.webhooks.latency")
                .description("From an event's acceptance to its delivery, retries included").register(registry);
        FunctionCounter.builder("vidgate.webhooks.dropped", journal, WebhookJournal::dropped)
                .description("Webhook events dropped because vidgate.webhooks.max-backlog was reached")
                .register(registry);
        Gauge.builder("vidgate.webhooks.backlog", journal, WebhookJournal::backlog)
                .description("Webhook events accepted and not yet delivered").register(registry);
        this.thread = new Thread(this::run, "vidgate-webhooks-sender");
        this.thread.setDaemon(true);
        // The response timeout restarts with every packet: a receiver trickling its answer would hold the sender.
        this.attemptDeadline = properties.connectTimeout().plus(properties.responseTimeout());
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread deadline = new Thread(task, "vidgate-webhooks-deadline");
            deadline.setDaemon(true);
            return deadline;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.deadlines = scheduler;
    }

    void start() {
        log.info("Webhooks: {} events to {}, {}; {} pending", journal.backlog() > 0 ? "pending and new" : "new",
                endpointForLogs, signer.signs() ? "signed (Standard Webhooks)" : "UNSIGNED (no signing secret)",
                journal.backlog());
        thread.start();
    }

    /** Stops now, aborting the attempt in progress; what is pending stays in the journal for the next start. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        // Aborts an attempt in progress: its event stays at the journal's head for the next start.
        http.close(CloseMode.IMMEDIATE);
        deadlines.shutdownNow();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try {
                Entry entry = journal.awaitHead(IDLE_WAIT);
                if (entry != null) {
                    deliver(entry);
                }
            } catch (InterruptedException stopping) {
                return;
            } catch (RuntimeException unexpected) {
                // Never let the only sender die: the events would wait for a restart.
                log.error("Webhook sender failed; trying again in {}", initialDelay, unexpected);
                sleepQuietly(initialDelay.toMillis());
            }
        }
    }

    private void deliver(Entry entry) throws InterruptedException {
        long giveUpAt = entry.acceptedAt() + retryFor.toMillis();
        for (int attempt = 1; running; attempt++) {
            Outcome outcome = post(entry);
            if (outcome.delivered()) {
                journal.finish(entry);
                latency.record(Math.max(0, clock.millis() - entry.acceptedAt()), TimeUnit.MILLISECONDS);
                delivered.increment();
                return;
            }
            if (!running) {
                return; // stopping: the attempt was aborted, not failed
            }
            long now = clock.millis();
            if (now >= giveUpAt) {
                journal.finish(entry);
                failed.increment();
                log.warn("Webhook {} {} given up after {} attempts in {} to {}: {}", entry.event(), entry.id(),
                        attempt, Duration.ofMillis(now - entry.acceptedAt()), endpointForLogs, outcome.problem());
                return;
            }
            retried.increment();
            long delay = outcome.retryAfter() != null ? outcome.retryAfter().toMillis() : backoff(attempt);
            // A delay past the deadline is cut to it: the event still gets its last attempt.
            Thread.sleep(Math.max(0, Math.min(delay, giveUpAt - now)));
            if (!journal.isHead(entry)) {
                return; // dropped meanwhile (backlog full)
            }
        }
    }

    /** Full jitter: uniformly random in [0, min(max, initial·2^(attempt-1))]. */
    private long backoff(int attempt) {
        long ceiling = initialDelay.toMillis() << Math.min(attempt - 1, 30);
        ceiling = Math.min(Math.max(ceiling, 0), maxDelay.toMillis());
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private Outcome post(Entry entry) {
        HttpPost post = new HttpPost(endpoint);
        headers.forEach(post::setHeader);
        long timestamp = clock.millis() / 1000;
        // Set after the configured headers: those never replace the signature's.
        post.setHeader("webhook-id", entry.id());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        if (signer.signs()) {
            post.setHeader("webhook-signature", signer.sign(entry.id(), timestamp, entry.body()));
        }
        post.setEntity(new ByteArrayEntity(entry.body().getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, attemptDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            return http.execute(post, response -> {
                int status = response.getCode();
                if (status >= 200 && status <= 299) {
                    return Outcome.DELIVERED;
                }
                return new Outcome(false, "HTTP " + status, retryAfter(response.getFirstHeader("Retry-After")));
            });
        } catch (IOException | IllegalStateException e) {
            // IllegalStateException: a deadline that fires before a connection was leased (as turn-credentials saw).
            if (post.isCancelled()) {
                return new Outcome(false, "no complete answer within " + attemptDeadline, null);
            }
            if (e instanceof IllegalStateException unexpected) {
                throw unexpected;
            }
            return new Outcome(false, e.getClass().getSimpleName() + " (" + e.getMessage() + ")", null);
        } finally {
            deadline.cancel(false);
        }
    }

    /** {@code Retry-After}: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
    Duration retryAfter(Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().trim();
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Duration.ofMillis(Math.max(0, at - clock.millis()));
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static CloseableHttpClient httpClient(WebhooksProperties properties) {
        Timeout connect = Timeout.of(properties.connectTimeout());
        Timeout response = Timeout.of(properties.responseTimeout());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                                .setSslContext(WebhookTrust.sslContext(properties.trustedCaFile()))
                                .buildClassic())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect).setSocketTimeout(response).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect).setResponseTimeout(response).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
    }

    /** The endpoint as logged: no user-info, no query (either may carry a token). */
    static String withoutSecrets(URI endpoint) {
        String port = endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        return endpoint.getScheme() + "://" + endpoint.getHost() + port + path;
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private record Outcome(boolean delivered, String problem, Duration retryAfter) {
        static final Outcome DELIVERED = new Outcome(true, null, null);
    }
}
