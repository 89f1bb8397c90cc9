package io.vidgate.e2e.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import org.junit.jupiter.api.Test;

/**
 * The receiver the webhook e2e tests trust: its signature check is the specification's (it accepts the Standard
 * Webhooks published test vector and nothing altered from it), and it goes down and comes back on its port.
 */
class WebhookReceiverTest {

    // The test vector of the Standard Webhooks specification's reference libraries.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_TIMESTAMP = "1614265330";
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SPEC_TIME = Instant.ofEpochSecond(1614265330);

    @Test
    void acceptsTheSpecificationsTestVectorAndNothingAlteredFromIt() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(List.of(SPEC_SECRET))) {
            receiver.assertSigned(delivery(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE, SPEC_BODY, SPEC_TIME));
            // Among other signatures (a sender with two secrets), in either place.
            receiver.assertSigned(delivery(SPEC_ID, SPEC_TIMESTAMP, "v1,bm90IGl0 " + SPEC_SIGNATURE, SPEC_BODY,
                    SPEC_TIME));

            assertRefused(receiver, delivery(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE, "{\"test\": 2432232315}",
                    SPEC_TIME), "no valid v1 signature");
            assertRefused(receiver, delivery("msg_other", SPEC_TIMESTAMP, SPEC_SIGNATURE, SPEC_BODY, SPEC_TIME),
                    "no valid v1 signature");
            assertRefused(receiver, delivery(SPEC_ID, "1614265331", SPEC_SIGNATURE, SPEC_BODY, SPEC_TIME),
                    "no valid v1 signature");
            assertRefused(receiver, delivery(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE, SPEC_BODY,
                    SPEC_TIME.plus(WebhookReceiver.TOLERANCE).plusSeconds(1)), "more than");
        }
        try (WebhookReceiver otherSecret = WebhookReceiver.start(List.of(SPEC_SECRET,
                WebhookReceiver.newSigningSecret()))) {
            assertRefused(otherSecret, delivery(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE, SPEC_BODY, SPEC_TIME),
                    "signing secret #2");
        }
    }

    @Test
    void goesDownAndComesBackOnItsPortAndKeepsOnlyAcceptedEventsOncePerId() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(List.of())) {
            assertThat(post(receiver, "msg_1", "{\"sessionId\":\"s\",\"event\":\"sessionCreated\"}")).isEqualTo(200);

            receiver.stop();
            assertThatThrownBy(() -> post(receiver, "msg_2", "{\"sessionId\":\"s\",\"event\":\"participantJoined\"}"))
                    .isInstanceOf(IOException.class);

            receiver.start();
            receiver.answer(503);
            assertThat(post(receiver, "msg_2", "{\"sessionId\":\"s\",\"event\":\"participantJoined\"}")).isEqualTo(503);
            receiver.answer(200);
            assertThat(post(receiver, "msg_2", "{\"sessionId\":\"s\",\"event\":\"participantJoined\"}")).isEqualTo(200);
            assertThat(post(receiver, "msg_2", "{\"sessionId\":\"s\",\"event\":\"participantJoined\"}")).isEqualTo(200);

            assertThat(receiver.receivedOf("s")).extracting(Delivery::answered).containsExactly(200, 503, 200, 200);
            assertThat(receiver.eventsOf("s")).extracting(Delivery::id).containsExactly("msg_1", "msg_2");
        }
    }

    private static Delivery delivery(String id, String timestamp, String signature, String body, Instant at) {
        return new Delivery(id, timestamp, signature, "application/json", body.getBytes(StandardCharsets.UTF_8), 200,
                at);
    }

    private static void assertRefused(WebhookReceiver receiver, Delivery delivery, String why) {
        assertThatThrownBy(() -> receiver.assertSigned(delivery)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(why);
    }

    private static int post(WebhookReceiver receiver, String id, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(receiver.endpoint()))
                        .header("webhook-id", id).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
