package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vidgate.broker.webhooks.RecordingReceiver.Answer;
import io.vidgate.broker.webhooks.RecordingReceiver.Request;
import io.vidgate.broker.webhooks.WebhookJournal.Entry;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against real receivers: the JDK's HTTP server, and its HTTPS one with a test CA. */
class WebhookSenderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private <T extends AutoCloseable> T opened(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private WebhookJournal journal() {
        return opened(WebhookJournal.open(directory.resolve("journal"), 1000, Clock.systemUTC()));
    }

    private WebhookSender started(WebhooksProperties properties, WebhookJournal journal) {
        WebhookSender sender = opened(new WebhookSender(properties, journal, registry, Clock.systemUTC()));
        sender.start();
        return sender;
    }

    private RecordingReceiver receiver() throws IOException {
        return opened(RecordingReceiver.http());
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** What a receiver computes with the specification's recipe, independently of {@link WebhookSigner}. */
    private static String expectedSignature(Request request) throws GeneralSecurityException {
        byte[] key = Base64.getDecoder().decode(WebhookTestProperties.SECRET.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = request.header("webhook-id") + "." + request.header("webhook-timestamp") + "." + request.body();
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void postsTheBodyWithStandardWebhooksHeadersThatVerify() throws Exception {
        RecordingReceiver receiver = receiver().up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint())
                .headers(Map.of("Authorization", "Basic b3BlbnZpZHVhcHA6c2VjcmV0")).build(), journal);

        Entry entry = journal.append("sessionCreated", "{\"event\":\"sessionCreated\",\"sessionId\":\"s1\"}");

        Request request = receiver.awaitRequests(1, WAIT).get(0);
        assertThat(request.body()).isEqualTo(entry.body());
        assertThat(request.header("Content-Type")).startsWith("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Basic b3BlbnZpZHVhcHA6c2VjcmV0");
        assertThat(request.header("webhook-id")).isEqualTo(entry.id());
        assertThat(Long.parseLong(request.header("webhook-timestamp")))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(10L));
        assertThat(request.header("webhook-signature")).isEqualTo(expectedSignature(request));
        await(() -> journal.backlog() == 0);
        await(() -> counter("vidgate.webhooks.delivered") == 1);
        assertThat(registry.get("vidgate.webhooks.latency").timer().count()).isEqualTo(1);
    }

    @Test
    void a500IsRetriedWithTheSameWebhookIdAndAFreshSignature() throws Exception {
        RecordingReceiver receiver = receiver().answer(Answer.of(500)).up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).build(), journal);

        Entry entry = journal.append("participantJoined", "{\"event\":\"participantJoined\"}");

        List<Request> requests = receiver.awaitRequests(2, WAIT);
        assertThat(requests).hasSize(2);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsOnly(entry.id());
        for (Request request : requests) {
            assertThat(request.header("webhook-signature")).isEqualTo(expectedSignature(request));
        }
        await(() -> counter("vidgate.webhooks.delivered") == 1);
        assertThat(counter("vidgate.webhooks.retried")).isEqualTo(1);
        assertThat(journal.backlog()).isZero();
        Thread.sleep(200);
        assertThat(receiver.requests()).as("delivered once: not sent again").hasSize(2);
    }

    @Test
    void retryAfterInSecondsIsHonoured() throws Exception {
        RecordingReceiver receiver = receiver().answer(new Answer(503, Map.of("Retry-After", "1"))).up();
        WebhookJournal journal = journal();
        // Without Retry-After the retry would come within 20 ms.
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint())
                .retryDelays(Duration.ofMillis(10), Duration.ofMillis(20)).build(), journal);

        journal.append("sessionCreated", "{}");

        List<Request> requests = receiver.awaitRequests(2, WAIT);
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterAsAnHttpDateIsReadToo() {
        WebhookSender sender = opened(new WebhookSender(WebhookTestProperties.builder().build(), journal(), registry,
                Clock.systemUTC()));
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));

        assertThat(sender.retryAfter(new BasicHeader("Retry-After", in30s)))
                .isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30));
        assertThat(sender.retryAfter(new BasicHeader("Retry-After", "120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(sender.retryAfter(new BasicHeader("Retry-After", "soon"))).isNull();
    }

    @Test
    void anAnswerTricklingInIsCutAtConnectPlusResponseTimeoutAndRetried() throws Exception {
        // Each byte comes well within the response timeout (1 s), the whole answer would take 10 s.
        RecordingReceiver receiver = receiver().answer(Answer.trickling()).up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).build(), journal);

        Entry entry = journal.append("sessionCreated", "{}");

        List<Request> requests = receiver.awaitRequests(2, WAIT);
        assertThat(requests).extracting(r -> r.header("webhook-id")).containsExactly(entry.id(), entry.id());
        assertThat(Duration.ofNanos(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos()))
                .isLessThan(Duration.ofSeconds(4));
        await(() -> journal.backlog() == 0);
    }

    @Test
    void aReceiverDownThenUpGetsEveryEventInOrder() throws Exception {
        RecordingReceiver receiver = receiver();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).build(), journal);
        List<String> bodies = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            bodies.add(journal.append("signalSent", "{\"n\":" + n + "}").body());
        }
        await(() -> counter("vidgate.webhooks.retried") >= 3);

        receiver.up();

        await(() -> journal.backlog() == 0);
        assertThat(receiver.requests()).extracting(Request::body).containsExactlyElementsOf(bodies);
    }

    @Test
    void anHttpsReceiverWithAnUntrustedCertificateIsNotDeliveredTo() throws Exception {
        TestCa ca = TestCa.generate(directory);
        RecordingReceiver receiver = opened(RecordingReceiver.https(ca.serverTls())).up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).build(), journal);

        journal.append("sessionCreated", "{}");

        await(() -> counter("vidgate.webhooks.retried") >= 2);
        assertThat(receiver.requests()).isEmpty();
        assertThat(journal.backlog()).isEqualTo(1);
    }

    @Test
    void anHttpsReceiverIsDeliveredToWhenItsCaIsTheTrustedCaFile() throws Exception {
        TestCa ca = TestCa.generate(directory);
        RecordingReceiver receiver = opened(RecordingReceiver.https(ca.serverTls())).up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).trustedCaFile(ca.certificate()).build(),
                journal);

        Entry entry = journal.append("sessionCreated", "{}");

        assertThat(receiver.awaitRequests(1, WAIT)).extracting(r -> r.header("webhook-id")).containsExactly(entry.id());
        await(() -> journal.backlog() == 0);
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        TestCa ca = TestCa.generate(directory, "dns:hooks.example.com");
        RecordingReceiver receiver = opened(RecordingReceiver.https(ca.serverTls())).up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).trustedCaFile(ca.certificate()).build(),
                journal);

        journal.append("sessionCreated", "{}");

        await(() -> counter("vidgate.webhooks.retried") >= 2);
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void aRestartedSenderDeliversWhatWasPendingWithTheOriginalIds() throws Exception {
        RecordingReceiver receiver = receiver();
        WebhooksProperties properties = WebhookTestProperties.builder().endpoint(receiver.endpoint()).build();
        Path journalDirectory = directory.resolve("journal");
        List<Entry> pending = new ArrayList<>();
        try (WebhookJournal journal = WebhookJournal.open(journalDirectory, 1000, Clock.systemUTC());
                WebhookSender sender = new WebhookSender(properties, journal, new SimpleMeterRegistry(),
                        Clock.systemUTC())) {
            sender.start();
            for (int n = 1; n <= 3; n++) {
                pending.add(journal.append("signalSent", "{\"n\":" + n + "}"));
            }
            Thread.sleep(100);
        }

        receiver.up();
        WebhookJournal journal = journal();
        started(properties, journal);

        await(() -> journal.backlog() == 0);
        assertThat(receiver.requests()).extracting(r -> r.header("webhook-id"), Request::body)
                .containsExactlyElementsOf(pending.stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.body())).toList());
    }

    @Test
    void anEventStillFailingAfterRetryForIsGivenUpAndTheNextOneGoes() throws Exception {
        RecordingReceiver receiver = receiver().refuse("doomed").up();
        WebhookJournal journal = journal();
        started(WebhookTestProperties.builder().endpoint(receiver.endpoint()).retryFor(Duration.ofMillis(300))
                .build(), journal);

        journal.append("signalSent", "{\"doomed\":true}");
        Entry next = journal.append("signalSent", "{\"n\":2}");

        await(() -> counter("vidgate.webhooks.delivered") == 1);
        assertThat(counter("vidgate.webhooks.failed")).isEqualTo(1);
        assertThat(journal.backlog()).isZero();
        assertThat(receiver.requests().get(receiver.requests().size() - 1).header("webhook-id")).isEqualTo(next.id());
    }

    @Test
    void theEndpointIsLoggedWithoutCredentialsOrQuery() {
        assertThat(WebhookSender.withoutSecrets(URI.create("https://app:pw@hooks.example.com:8443/in?token=x")))
                .isEqualTo("https://hooks.example.com:8443/in");
    }
}
