package io.vidgate.e2e.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.vidgate.e2e.browser.Eventually;
import io.vidgate.e2e.call.EdgeClient;
import io.vidgate.e2e.facts.FactLogReader;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import io.vidgate.protocol.token.SigningKeys;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks delivered at least once and in order when the app backend's endpoint is not there (issue 18): the whole
 * stack as processes, the broker's {@code vidgate.webhooks.endpoint} a JDK {@code HttpServer} ({@link
 * WebhookReceiver}), calls made at the signaling level as openvidu-browser would (no browser: what is under test is
 * the delivery), taking the steps of scenario a of bench/webhook-order so the events are checked against what
 * openvidu-server 2.32.1 posted for them. The retry delays are kept short through {@code
 * vidgate.webhooks.retry-initial-delay} and {@code retry-max-delay} so the tests wait for the outages they make,
 * not for the broker's backoff.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookDeliveryTest {

    private static final String SECRET = "e2e-webhooks-secret";
    /** What the issue asks to survive. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** The broker retries at most this far apart ({@code vidgate.webhooks.retry-max-delay}). */
    private static final Duration RETRY_MAX_DELAY = Duration.ofSeconds(2);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
    /** The steps of scenario a give 14 events; the first 3 are delivered before the receiver fails. */
    private static final int EVENTS_AFTER_ALICE_PUBLISHED = 3;
    private static final int EVENTS = 14;

    /** The processes' logs and data (the journal among them), kept for a look after a failure. */
    static final Path WORK = StackProcesses.ROOT.resolve("e2e/target/webhooks-e2e");
    static WebhookReceiver receiver;
    static StackProcesses stack;
    static OpenVidu openVidu;

    private final List<EdgeClient> clients = new ArrayList<>();

    @BeforeAll
    static void startStack() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Path keyFile = WORK.resolve("keys.jwks.json");
        SigningKeys.loadOrGenerate(keyFile);
        String signingSecret = WebhookReceiver.newSigningSecret();
        receiver = WebhookReceiver.start(List.of(signingSecret));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("vidgate.tokens.jwks-file", keyFile.toString());
        properties.put("vidgate.tokens.issuer", "https://e2e.vidgate.test");
        properties.put("vidgate.tokens.audience", "vidgate-webhooks-e2e");
        properties.put("vidgate.webhooks.endpoint", receiver.endpoint());
        // The name for it (env VIDGATE_WEBHOOKS_SIGNING_SECRET); BrowserStack uses signing-secrets.
        properties.put("vidgate.webhooks.signing-secret", signingSecret);
        properties.put("vidgate.webhooks.retry-initial-delay", "200ms");
        properties.put("vidgate.webhooks.retry-max-delay", RETRY_MAX_DELAY.toMillis() + "ms");
        stack = StackProcesses.start(WORK, SECRET, StackProcesses.Options.of(properties).withKurento());
        openVidu = new OpenVidu(stack.internalUrl(), SECRET);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @AfterEach
    void receiverBackUp() throws Exception {
        clients.forEach(EdgeClient::close);
        receiver.answer(200);
        receiver.start();
    }

    @Test
    @Order(1)
    void theReceiverDownFor30SecondsLosesNothingAndGetsTheEventsInOrder() throws Exception {
        Session session = createSession("e2e-webhooks-outage-");
        receiver.awaitEventsOf(session.getSessionId(), "sessionCreated", DELIVERY_TIMEOUT);
        double retriedBefore = brokerMetric("vidgate_webhooks_retried_total");

        // The backend's endpoint goes away (a redeploy): connections refused. The whole call happens meanwhile.
        receiver.stop();
        Instant down = Instant.now();
        Map<String, String> names = callOfScenarioA(session, () -> { });
        new FactLogReader(stack).awaitFactsOf(session.getSessionId(), "sessionDestroyed", DELIVERY_TIMEOUT);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), down.plus(OUTAGE)).toMillis()));
        assertThat(brokerMetric("vidgate_webhooks_retried_total")).as("retries while the receiver was down")
                .isGreaterThan(retriedBefore);
        receiver.start();

        List<Delivery> events = receiver.awaitEventsOf(session.getSessionId(), "sessionDestroyed",
                RETRY_MAX_DELAY.plus(DELIVERY_TIMEOUT));
        SoftAssertions softly = new SoftAssertions();
        WebhookChecks.checkAll(softly, receiver, session.getSessionId(), events, "a", names,
                new FactLogReader(stack).factsOf(session.getSessionId()));
        softly.assertAll();
    }

    @Test
    @Order(2)
    void eventsPendingWhenTheBrokerIsKilledAreDeliveredAfterItRestartsWithTheirIds() throws Exception {
        Session session = createSession("e2e-webhooks-sigkill-");
        String sessionId = session.getSessionId();

        // Alice's first events are delivered; then the receiver answers 503 to everything, so the rest of the call's
        // events stay pending, the first of them being retried under its webhook-id.
        Map<String, String> names = callOfScenarioA(session, () -> {
            receiver.awaitEventsOf(sessionId, "webrtcConnectionCreated", DELIVERY_TIMEOUT);
            receiver.answer(503);
        });
        new FactLogReader(stack).awaitFactsOf(sessionId, "sessionDestroyed", DELIVERY_TIMEOUT);
        int pending = EVENTS - EVENTS_AFTER_ALICE_PUBLISHED;
        Eventually.until("the broker's webhook backlog holds the " + pending + " events not delivered",
                DELIVERY_TIMEOUT, () -> brokerMetric("vidgate_webhooks_backlog"), backlog -> backlog == pending);
        Eventually.until("an attempt at the first pending event, refused", DELIVERY_TIMEOUT,
                () -> refusedAttempts(sessionId), attempts -> !attempts.isEmpty());
        assertThat(receiver.eventsOf(sessionId)).as("events accepted before the receiver failed")
                .hasSize(EVENTS_AFTER_ALICE_PUBLISHED);

        // Killed as a crash or the OOM killer would; the receiver recovers meanwhile; the broker starts again on the
        // same data directory.
        stack.killBroker();
        receiver.answer(200);
        stack.restartBroker();

        List<Delivery> events = receiver.awaitEventsOf(sessionId, "sessionDestroyed", DELIVERY_TIMEOUT);
        SoftAssertions softly = new SoftAssertions();
        WebhookChecks.checkAll(softly, receiver, sessionId, events, "a", names,
                new FactLogReader(stack).factsOf(sessionId));
        // Only the first pending event was tried before the kill (in order: the next waits for it); after the
        // restart it arrives under the id the receiver already saw, so a receiver dropping duplicates keeps it once.
        softly.assertThat(refusedAttempts(sessionId)).extracting(Delivery::id)
                .as("webhook-ids of the attempts refused before the kill, against the first pending event's after it")
                .containsOnly(events.get(EVENTS_AFTER_ALICE_PUBLISHED).id());
        softly.assertAll();
    }

    private static List<Delivery> refusedAttempts(String sessionId) {
        return receiver.receivedOf(sessionId).stream().filter(attempt -> attempt.answered() == 503).toList();
    }

    /**
     * Scenario a, as openvidu-browser sends it: Alice joins and publishes ({@code afterAlicePublished} runs then);
     * Bob joins, publishes and subscribes to Alice; Alice subscribes to Bob; Bob leaves, then Alice. The connection
     * ids named as the recording names them: Alice "A", Bob "B".
     */
    private Map<String, String> callOfScenarioA(Session session, Step afterAlicePublished) throws Exception {
        EdgeClient alice = joined("alice", session);
        String aliceStream = alice.publish();
        afterAlicePublished.run();
        EdgeClient bob = joined("bob", session);
        String bobStream = bob.publish();
        bob.subscribe(aliceStream);
        alice.subscribe(bobStream);
        bob.result("leaveRoom", null);
        alice.awaitNotification("participantLeft");
        alice.result("leaveRoom", null);
        return Map.of(alice.connectionId(), "A", bob.connectionId(), "B");
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private Session createSession(String prefix) throws Exception {
        return openVidu.createSession(new SessionProperties.Builder()
                .customSessionId(prefix + UUID.randomUUID().toString().substring(0, 8)).build());
    }

    private EdgeClient joined(String name, Session session) throws Exception {
        String token = session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER)
                .build()).getToken();
        EdgeClient client = EdgeClient.connect(name, token);
        clients.add(client);
        JsonNode answer = client.joinRoom(token, session.getSessionId());
        assertThat(answer.has("result")).as(name + " joined: " + answer).isTrue();
        return client;
    }

    private static void deleteRecursively(Path folder) throws java.io.IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** One of the broker's metrics on {@code /actuator/prometheus}: the sum of its samples (0 when it has none). */
    private static double brokerMetric(String name) {
        try {
            String basic = Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + stack.brokerPort() + "/actuator/prometheus"))
                    .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /actuator/prometheus of the broker").isEqualTo(200);
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
