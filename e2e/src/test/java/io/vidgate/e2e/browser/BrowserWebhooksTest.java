package io.vidgate.e2e.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;
import io.vidgate.e2e.facts.FactLogReader;
import io.vidgate.e2e.webhooks.WebhookChecks;
import io.vidgate.e2e.webhooks.WebhookReceiver;
import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import io.vidgate.turn.testing.RequiresCoturn;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an app backend written for OpenVidu 2 learns of a call from its webhooks (issue 18): unmodified
 * openvidu-browser in headless Chromium, two users join, publish, watch each other and leave, and the backend's
 * endpoint — the broker's {@code vidgate.webhooks.endpoint}, a JDK {@code HttpServer} ({@link BrowserStack#webhooks})
 * — receives the session's events in the order openvidu-server 2.32.1 posts them for these very steps (scenario i of
 * bench/webhook-order), with OpenVidu's fields, each signed as Standard Webhooks says (with both secrets of a
 * rotation) under its own {@code webhook-id}.
 */
@RequiresChromium
@RequiresCoturn
@ExtendWith(BrowserStack.Extension.class)
class BrowserWebhooksTest {

    private static BrowserStack env;
    private final List<HarnessPage> pages = new ArrayList<>();

    @BeforeAll
    static void stack(BrowserStack stack) {
        env = stack;
    }

    @AfterEach
    void leave() {
        for (HarnessPage page : pages) {
            if (page.browser().alive()) {
                page.leave();
            }
        }
    }

    @Test
    void aCallsEventsReachTheBackendsWebhookInOpenVidusOrderWithOpenVidusFieldsSigned() throws Exception {
        String sessionId = "e2e-webhooks-" + UUID.randomUUID().toString().substring(0, 8);
        Session session = env.openVidu().createSession(new SessionProperties.Builder().customSessionId(sessionId)
                .build());

        // The steps of scenario i, as BrowserLifecycleTest takes them.
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

        WebhookReceiver receiver = env.webhooks();
        List<Delivery> events = receiver.awaitEventsOf(sessionId, "sessionDestroyed", HarnessPage.EVENT_TIMEOUT);
        SoftAssertions softly = new SoftAssertions();
        WebhookChecks.checkAll(softly, receiver, sessionId, events, "i", Map.of(aliceId, "A", bobId, "B"),
                new FactLogReader(env.stack()).factsOf(sessionId));
        softly.assertThat(receiver.receivedOf(sessionId)).as("attempts at the session's events, the receiver "
                + "answering 200 all along").hasSameSizeAs(events);
        softly.assertAll();
    }

    private HarnessPage page(String name) {
        HarnessPage page = env.harness(name);
        pages.add(page);
        return page;
    }

    private static String token(Session session) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build())
                .getToken();
    }
}
