package io.vidgate.broker.cdr;

import java.util.List;
import java.util.Map;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.OpenViduEventJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fact as a line of OpenVidu 2.32's CDR: {@code {"<event>":{…}}}, the object being the webhook body of the same
 * event without its {@code event} field (openvidu-server writes {@code CDREvent.toString()}, the event's name around
 * its {@code toJson()}; the webhook is that {@code toJson()} plus {@code event}). Its fields are in openvidu-server's
 * order — the session, the timestamp, then an end's {@code startTime}, {@code duration} and {@code reason}, then the
 * event's own —, so a line is byte for byte what openvidu-server would write for the same event, followed by the
 * fields Vidgate adds, as in the webhooks ({@link OpenViduEventJson#withVidgateFields}: {@code role} on participant
 * events).
 */
final class CdrLine {

    /** Written first, in this order, as openvidu-server's {@code CDREvent} and {@code CDREventEnd} add them. */
    private static final List<String> OPENVIDU_HEAD = List.of("sessionId", "uniqueSessionId", "timestamp",
            "startTime", "duration", "reason");

    private CdrLine() {
    }

    static String of(Fact fact) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.set(fact.event(), body(fact));
        return line.toString();
    }

    static ObjectNode body(Fact fact) {
        ObjectNode webhook = OpenViduEventJson.withVidgateFields(fact);
        webhook.remove("event");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String name : OPENVIDU_HEAD) {
            if (webhook.has(name)) {
                body.set(name, webhook.get(name));
            }
        }
        for (Map.Entry<String, JsonNode> field : webhook.properties()) {
            if (!OPENVIDU_HEAD.contains(field.getKey())) {
                body.set(field.getKey(), field.getValue());
            }
        }
        return body;
    }
}
