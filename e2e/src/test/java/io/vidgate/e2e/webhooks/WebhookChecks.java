package io.vidgate.e2e.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vidgate.e2e.facts.OpenViduEvents;
import io.vidgate.e2e.webhooks.WebhookReceiver.Delivery;
import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.JsonNode;

/**
 * What an app backend written for OpenVidu relies on in the webhooks of one session, checked against openvidu-server
 * 2.32.1's recorded bodies ({@link OpenViduEvents}) and against the broker's own fact log.
 */
public final class WebhookChecks {

    private WebhookChecks() {
    }

    /**
     * Every check below on one session's webhooks, each reported to {@code softly} whichever fails: together they
     * say how far the webhooks are from what OpenVidu's receivers rely on.
     *
     * @param events the session's events as the receiver keeps them ({@link WebhookReceiver#eventsOf})
     * @param facts  the broker's facts of the session, from its log
     */
    public static void checkAll(SoftAssertions softly, WebhookReceiver receiver, String sessionId,
                                List<Delivery> events, String scenario, Map<String, String> names,
                                List<JsonNode> facts) {
        softly.check(() -> assertInOpenViduOrder(events, scenario, names));
        softly.check(() -> assertOpenViduFields(events, scenario, names));
        softly.check(() -> assertTimesRelate(events));
        softly.check(() -> assertSameAsFacts(events, facts));
        softly.check(() -> assertSignedWithOneIdPerEvent(receiver, receiver.receivedOf(sessionId), events));
    }

    /**
     * The events arrived in the order openvidu-server posted them for the same steps (recorded {@code scenario}),
     * participants named by their connection ids ({@code names}: id to the recording's name, "A" for the first to
     * join, "B" for the second…).
     */
    public static void assertInOpenViduOrder(List<Delivery> events, String scenario, Map<String, String> names) {
        List<JsonNode> openVidu = OpenViduEvents.recorded(scenario);
        assertThat(OpenViduEvents.lines(WebhookReceiver.bodies(events), names))
                .as("the webhook events against openvidu-server 2.32.1's for the same steps (scenario %s)", scenario)
                .containsExactlyElementsOf(OpenViduEvents.lines(openVidu,
                        OpenViduEvents.namesByJoinOrder(openVidu, names.values().stream().sorted()
                                .toArray(String[]::new))));
    }

    /**
     * Each event carries every field its counterpart in the recorded {@code scenario} has, with a value of the same
     * JSON type (Vidgate may add fields, never drop or rename OpenVidu's, nor leave one null that OpenVidu fills);
     * every difference is listed, participants named as in {@link #assertInOpenViduOrder} (compared event by event,
     * so meaningful once that order holds).
     */
    public static void assertOpenViduFields(List<Delivery> events, String scenario, Map<String, String> names) {
        List<JsonNode> bodies = WebhookReceiver.bodies(events);
        List<JsonNode> openVidu = OpenViduEvents.recorded(scenario);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(bodies.size(), openVidu.size()); i++) {
            for (Map.Entry<String, JsonNode> field : openVidu.get(i).properties()) {
                JsonNode ours = bodies.get(i).get(field.getKey());
                if (ours == null || ours.getNodeType() != field.getValue().getNodeType()) {
                    differences.add("#" + (i + 1) + " " + OpenViduEvents.lines(List.of(bodies.get(i)), names)
                            .get(0) + ": " + field.getKey() + " is " + ours + ", openvidu-server's "
                            + field.getValue());
                }
            }
        }
        assertThat(differences).as("fields of the webhook events that differ in type from openvidu-server's "
                + "(scenario %s)", scenario).isEmpty();
    }

    /** The end events' startTime and duration match their start events, as in every recording. */
    public static void assertTimesRelate(List<Delivery> events) {
        OpenViduEvents.assertTimesRelate(WebhookReceiver.bodies(events));
    }

    /**
     * Each webhook body says what the broker's fact log said of the same event, field for field (the body may add
     * fields): the webhooks are the facts, nothing lost, nothing added, nothing reordered.
     */
    public static void assertSameAsFacts(List<Delivery> events, List<JsonNode> facts) {
        List<JsonNode> bodies = WebhookReceiver.bodies(events);
        assertThat(bodies.stream().map(body -> body.path("event").asString()).toList())
                .as("the events of the webhooks against the broker's fact log")
                .containsExactlyElementsOf(facts.stream().map(fact -> fact.path("event").asString()).toList());
        for (int i = 0; i < facts.size(); i++) {
            for (Map.Entry<String, JsonNode> field : facts.get(i).properties()) {
                assertThat(bodies.get(i).get(field.getKey()))
                        .as("%s of webhook #%d %s, against the fact log's %s", field.getKey(), i + 1, bodies.get(i),
                                facts.get(i))
                        .isEqualTo(field.getValue());
            }
        }
    }

    /**
     * Every attempt is signed as Standard Webhooks says, and {@code webhook-id} names one event: the attempts that
     * share an id carry the same body, and the session's events have as many ids as there are events.
     */
    public static void assertSignedWithOneIdPerEvent(WebhookReceiver receiver, List<Delivery> attempts,
                                                     List<Delivery> events) {
        Map<String, Delivery> firstById = new HashMap<>();
        for (Delivery attempt : attempts) {
            receiver.assertSigned(attempt);
            Delivery first = firstById.putIfAbsent(attempt.id(), attempt);
            if (first != null) {
                assertThat(attempt.body()).as("body of a retry of webhook-id %s", attempt.id())
                        .isEqualTo(first.body());
            }
        }
        List<String> ids = new ArrayList<>();
        events.forEach(event -> ids.add(event.id()));
        assertThat(ids).as("webhook-ids of the session's %d events", events.size()).doesNotHaveDuplicates();
        assertThat(firstById.keySet()).as("webhook-ids of every attempt").hasSameSizeAs(events);
    }
}
