package io.vidgate.broker.webhooks;

import java.io.UncheckedIOException;
import java.util.Set;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.Fact.ParticipantJoined;
import io.vidgate.broker.facts.Fact.ParticipantLeft;
import io.vidgate.broker.facts.FactObserver;
import io.vidgate.broker.facts.OpenViduEventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the facts listed in {@code vidgate.webhooks.events} into webhook bodies and journals them; the
 * {@link WebhookSender} (woken by the journal) POSTs them. The body is OpenVidu 2.32's for the event
 * ({@link OpenViduEventJson}), plus what Vidgate knows and OpenVidu CE does not say — {@code role} on
 * participantJoined/participantLeft — never renaming one of OpenVidu's fields.
 *
 * <p>Runs on the fact stream's thread for this observer: the journal's disk write happens here, never on a room's
 * thread.
 */
final class WebhookObserver implements FactObserver {

    private static final Logger log = LoggerFactory.getLogger(WebhookObserver.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Set<String> events;
    private final WebhookJournal journal;

    WebhookObserver(Set<String> events, WebhookJournal journal) {
        this.events = Set.copyOf(events);
        this.journal = journal;
    }

    @Override
    public void observe(Fact fact) {
        if (!events.contains(fact.event())) {
            return;
        }
        String body = JSON.writeValueAsString(body(fact));
        try {
            journal.append(fact.event(), body);
        } catch (UncheckedIOException diskRefused) {
            log.warn("Webhook {} lost: {}", fact.event(), diskRefused.getMessage());
        }
    }

    static ObjectNode body(Fact fact) {
        ObjectNode json = OpenViduEventJson.of(fact);
        if (fact instanceof ParticipantJoined joined) {
            json.put("role", joined.participant().role().name());
        } else if (fact instanceof ParticipantLeft left) {
            json.put("role", left.participant().role().name());
        }
        return json;
    }
}
