package io.vidgate.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.vidgate.e2e.facts.FactLogReader;
import io.vidgate.e2e.facts.OpenViduEvents;
import io.vidgate.e2e.webhooks.WebhookChecks;
import io.vidgate.e2e.webhooks.WebhookReceiver;
import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import io.vidgate.turn.testing.RequiresCoturn;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A session's whole life as an OpenVidu 2 app lives it, with unmodified openvidu-browser in headless Chromium: the
 * backend creates it with its own id, two users join, publish and watch each other, then leave
 * ({@code Session.disconnect}). What the app and its backend rely on afterwards (issue 17): the broker reported
 * the lifecycle in OpenVidu 2.32.1's order — the order openvidu-server posts its webhook events in, recorded for these
 * very steps (scenario i of bench/webhook-order) —, the session is gone (404, as OpenVidu closes a session its last
 * participant left), and the id is free for a new session. Its backend's webhook endpoint (issue 18) heard the same
 * events, signed.
 */
@RequiresChromium
@RequiresCoturn
@ExtendWith(BrowserStack.Extension.class)
class BrowserLifecycleTest {

    private static BrowserStack env;
    @RegisterExtension
    final OpenedPages pages = new OpenedPages(() -> env);

    @BeforeAll
    static void stack(BrowserStack stack) {
        env = stack;
    }

    @Test
    void twoUsersJoinPublishWatchAndLeaveThenTheSessionIsGoneAsInOpenVidu() throws Exception {
        String sessionId = "e2e-lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
        Session session = env.openVidu().createSession(new SessionProperties.Builder().customSessionId(sessionId)
                .build());

        // The steps of the recording, in its order: Alice joins and publishes; Bob joins and openvidu-browser
        // subscribes him to the stream his joinRoom answer lists; Bob publishes and Alice subscribes on
        // streamCreated; Bob leaves, then Alice.
        HarnessPage alice = page("alice");
        String aliceId = alice.join(token(session), false);
        alice.publish();
        HarnessPage bob = page("bob");
        String bobId = bob.join(token(session), false);
        bob.awaitDecoding(aliceId);
        bob.publish();
        alice.awaitDecoding(bobId);
        bob.leave();
        alice.awaitEvent("connectionDestroyed", "connectionId", bobId, "reason", "disconnect");
        alice.leave();

        // Each check reported, whichever fails: together they say how far the broker is from OpenVidu's lifecycle.
        SoftAssertions softly = new SoftAssertions();
        // (1) The broker's facts, as its event log printed them, in OpenVidu's order with OpenVidu's times.
        softly.check(() -> {
            List<JsonNode> facts = new FactLogReader(env.stack())
                    .awaitFactsOf(sessionId, "sessionDestroyed", HarnessPage.EVENT_TIMEOUT);
            List<JsonNode> openVidu = OpenViduEvents.recorded("i");
            assertThat(OpenViduEvents.lines(facts, Map.of(aliceId, "A", bobId, "B")))
                    .as("the broker's facts of %s against openvidu-server 2.32.1's webhook events for the same steps",
                            sessionId)
                    .containsExactlyElementsOf(OpenViduEvents.lines(openVidu,
                            OpenViduEvents.namesByJoinOrder(openVidu, "A", "B")));
            assertThat(facts.get(0).path("timestamp").asLong()).as("sessionCreated at createSession: its createdAt")
                    .isEqualTo(session.createdAt());
            OpenViduEvents.assertTimesRelate(facts);
        });

        // (2) The backend's webhook endpoint (issue 18) got the same events in that order, with OpenVidu's fields,
        // each signed with both secrets of a rotation under its own webhook-id, each delivered once.
        softly.check(() -> {
            WebhookReceiver receiver = env.webhooks();
            List<Delivery> events = receiver.awaitEventsOf(sessionId, "sessionDestroyed", HarnessPage.EVENT_TIMEOUT);
            WebhookChecks.checkAll(softly, receiver, sessionId, events, "i", Map.of(aliceId, "A", bobId, "B"),
                    new FactLogReader(env.stack()).factsOf(sessionId));
            softly.assertThat(receiver.receivedOf(sessionId)).as("attempts at the session's events, the receiver "
                    + "answering 200 all along").hasSameSizeAs(events);
        });

        // (3) Closed with its last participant: the backend's GET answers 404.
        softly.assertThat(getSession(sessionId).statusCode())
                .as("GET /openvidu/api/sessions/%s after everyone left", sessionId).isEqualTo(404);

        // (4) The id is free: createSession makes a new session (openvidu-java-client returns the existing one on
        // a 409), created later than the first.
        Session again = env.openVidu().createSession(new SessionProperties.Builder().customSessionId(sessionId)
                .build());
        softly.assertThat(again.createdAt()).as("createdAt of the session created again with id %s", sessionId)
                .isGreaterThan(session.createdAt());
        again.close();
        softly.assertAll();
    }

    private HarnessPage page(String name) {
        return pages.open(name);
    }

    private static String token(Session session) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build())
                .getToken();
    }

    /** Plain HTTP on the internal listener: openvidu-java-client's fetch() hides the status code. */
    private static HttpResponse<String> getSession(String sessionId) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("OPENVIDUAPP:" + BrowserStack.SECRET)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(env.stack().internalUrl() + "/openvidu/api/sessions/" + sessionId))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
    }
}
