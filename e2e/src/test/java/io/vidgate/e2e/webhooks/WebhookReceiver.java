package io.vidgate.e2e.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vidgate.e2e.browser.Eventually;
import io.vidgate.e2e.stack.StackProcesses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app backend's webhook endpoint: a JDK {@code HttpServer} on a fixed loopback port that records every POST (its
 * Standard Webhooks headers and its body, as received) and answers the status it is told to. It can go away
 * ({@link #stop}: connection refused, as a backend being redeployed) and come back on the same port ({@link #start}),
 * or stay up and fail ({@link #answer} 503), so tests see what the broker does with a receiver that is not there.
 *
 * <p>Signatures are checked here independently of the broker's code, by the Standard Webhooks specification
 * (standardwebhooks.com): {@code webhook-signature} lists {@code v1,<base64 HMAC-SHA256>} signatures, space-separated,
 * over {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the base64 part of each {@code whsec_} secret.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String PATH = "/webhooks";
    /** How far a receiver using the specification's libraries lets {@code webhook-timestamp} be from its clock. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final List<String> signingSecrets;
    /** Every POST received, in arrival order; guarded by itself. */
    private final List<Delivery> received = new ArrayList<>();
    private volatile int status = 200;
    /** Null while stopped; guarded by this. */
    private HttpServer server;

    private WebhookReceiver(int port, List<String> signingSecrets) {
        this.port = port;
        this.signingSecrets = List.copyOf(signingSecrets);
    }

    /** A receiver on a free loopback port, up, answering 200; verifying signatures with these secrets. */
    public static WebhookReceiver start(List<String> signingSecrets) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(StackProcesses.freePort(), signingSecrets);
        receiver.start();
        return receiver;
    }

    /** A new random signing secret in the Standard Webhooks form, {@code whsec_<base64 of 32 bytes>}. */
    public static String newSigningSecret() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** The URL to configure as {@code vidgate.webhooks.endpoint}; the same across stops and starts. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** Listens again on the same port (a new server: a stopped {@code HttpServer} cannot be restarted). */
    public synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        started.createContext(PATH, this::receive);
        started.start();
        server = started;
    }

    /** Stops listening and drops open connections: from now on the broker's attempts are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The status every POST is answered with from now on (200 at first). */
    public void answer(int status) {
        this.status = status;
    }

    /** Every POST received so far, whatever it was answered, in arrival order. */
    public List<Delivery> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The attempts at one session's events (by the body's {@code sessionId}), in arrival order. */
    public List<Delivery> receivedOf(String sessionId) {
        return received().stream().filter(delivery -> sessionId.equals(delivery.sessionId())).toList();
    }

    /**
     * One session's events as the receiver got them: the accepted (2xx) deliveries, each {@code webhook-id} once — the
     * first time it was accepted, as a receiver dropping duplicates keeps it —, in arrival order.
     */
    public List<Delivery> eventsOf(String sessionId) {
        Set<String> seen = new HashSet<>();
        List<Delivery> events = new ArrayList<>();
        for (Delivery delivery : receivedOf(sessionId)) {
            if (delivery.accepted() && seen.add(delivery.id())) {
                events.add(delivery);
            }
        }
        return events;
    }

    /** {@link #eventsOf} once an event named {@code lastEvent} is among them; fails after {@code timeout}. */
    public List<Delivery> awaitEventsOf(String sessionId, String lastEvent, Duration timeout) {
        return Eventually.until("the webhook receiver accepted " + lastEvent + " of session " + sessionId, timeout,
                () -> eventsOf(sessionId),
                events -> events.stream().anyMatch(event -> lastEvent.equals(event.event())));
    }

    /**
     * Fails unless the delivery is what a receiver verifying with the specification's libraries accepts: JSON, a
     * {@code webhook-id}, a {@code webhook-timestamp} within {@link #TOLERANCE} of when it arrived, and among its
     * signatures a valid one for every configured secret (so receivers on the old or the new secret of a rotation
     * both verify).
     */
    public void assertSigned(Delivery delivery) {
        List<String> problems = new ArrayList<>();
        if (delivery.contentType() == null || !delivery.contentType().startsWith("application/json")) {
            problems.add("Content-Type " + delivery.contentType());
        }
        if (delivery.id() == null || delivery.id().isBlank()) {
            problems.add("no webhook-id");
        }
        long sentAt = -1;
        try {
            sentAt = Long.parseLong(String.valueOf(delivery.timestamp()));
        } catch (NumberFormatException notSeconds) {
            problems.add("webhook-timestamp " + delivery.timestamp() + " is not whole seconds");
        }
        if (sentAt >= 0 && Duration.between(Instant.ofEpochSecond(sentAt), delivery.receivedAt()).abs()
                .compareTo(TOLERANCE) > 0) {
            problems.add("webhook-timestamp " + sentAt + " is more than " + TOLERANCE + " from its arrival at "
                    + delivery.receivedAt());
        }
        Set<String> signatures = delivery.signature() == null ? Set.of()
                : new HashSet<>(Arrays.asList(delivery.signature().split(" ")));
        for (int i = 0; i < signingSecrets.size(); i++) {
            if (!signatures.contains("v1," + sign(signingSecrets.get(i), delivery))) {
                problems.add("no valid v1 signature for signing secret #" + (i + 1) + " in webhook-signature "
                        + delivery.signature());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("delivery " + delivery.id() + " of " + delivery.event() + " is not signed as "
                    + "Standard Webhooks says: " + String.join("; ", problems));
        }
    }

    /** base64(HMAC-SHA256(base64-decoded secret after {@code whsec_}, "id.timestamp.body")). */
    static String sign(String secret, Delivery delivery) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            byte[] key = Base64.getDecoder().decode(secret.substring(secret.indexOf('_') + 1));
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.update((delivery.id() + "." + delivery.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hmac.doFinal(delivery.body()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int answered = "POST".equals(exchange.getRequestMethod()) ? status : 405;
            var headers = exchange.getRequestHeaders();
            synchronized (received) {
                received.add(new Delivery(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"), headers.getFirst("Content-Type"), body, answered,
                        Instant.now()));
            }
            exchange.sendResponseHeaders(answered, -1);
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * One POST as it arrived.
     *
     * @param body     the bytes as received, which the signature covers
     * @param answered the status the receiver answered
     */
    public record Delivery(String id, String timestamp, String signature, String contentType, byte[] body,
                           int answered, Instant receivedAt) {

        public boolean accepted() {
            return answered / 100 == 2;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException notJson) {
                throw new AssertionError("webhook body is not JSON: " + new String(body, StandardCharsets.UTF_8),
                        notJson);
            }
        }

        public String event() {
            return json().path("event").asString(null);
        }

        public String sessionId() {
            return json().path("sessionId").asString(null);
        }

        @Override
        public String toString() {
            return id + " " + new String(body, StandardCharsets.UTF_8) + " -> " + answered;
        }
    }

    /** The bodies of these deliveries, in order. */
    public static List<JsonNode> bodies(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::json).toList();
    }
}
