package io.vidgate.broker.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.Fact.MediaServerLost;
import io.vidgate.broker.facts.Fact.Participant;
import io.vidgate.broker.facts.Fact.ParticipantJoined;
import io.vidgate.broker.facts.Fact.ParticipantLeft;
import io.vidgate.broker.facts.Fact.SessionCreated;
import io.vidgate.broker.facts.OpenViduEventJson;
import io.vidgate.broker.webhooks.WebhookJournal.Entry;
import io.vidgate.protocol.Role;
import io.vidgate.protocol.rpc.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookObserverTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Participant ALICE = new Participant("con_A", 1_000, Role.MODERATOR, "unknown", "127.0.0.1",
            "Chrome 126.0.0.0 on Linux 64-bit", "{\"name\":\"alice\"}", "");
    private static final SessionCreated CREATED = new SessionCreated("s1", 900);
    private static final MediaServerLost LOST = new MediaServerLost(2_000, "ws://kms:8888/kurento", "restarted",
            List.of("s1"));

    @TempDir
    Path directory;

    private WebhookJournal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private List<Entry> observed(Set<String> events, Fact... facts) {
        journal = WebhookJournal.open(directory, 100, Clock.systemUTC());
        WebhookObserver observer = new WebhookObserver(events, journal);
        for (Fact fact : facts) {
            observer.observe(fact);
        }
        return journal.pending();
    }

    @Test
    void theDefaultEventsAreOpenViduCesAndNotTheMediaServerOnes() {
        List<Entry> entries = observed(WebhooksProperties.OPENVIDU_EVENTS, CREATED, LOST,
                new ParticipantJoined("s1", 900, ALICE));

        assertThat(entries).extracting(Entry::event).containsExactly("sessionCreated", "participantJoined");
    }

    @Test
    void mediaServerEventsGoWhenListed() {
        List<Entry> entries = observed(Set.of("mediaServerLost"), CREATED, LOST);

        assertThat(entries).extracting(Entry::event).containsExactly("mediaServerLost");
        assertThat(JSON.readTree(entries.get(0).body()).get("mediaServer").asString())
                .isEqualTo("ws://kms:8888/kurento");
    }

    @Test
    void theBodyIsOpenVidusWithTheRoleAddedToParticipantEvents() {
        ParticipantLeft left = new ParticipantLeft("s1", 900, ALICE, 5_000, EndReason.DISCONNECT);
        List<Entry> entries = observed(WebhooksProperties.OPENVIDU_EVENTS, new ParticipantJoined("s1", 900, ALICE), left);

        for (Entry entry : entries) {
            JsonNode body = JSON.readTree(entry.body());
            assertThat(body.get("role").asString()).isEqualTo("MODERATOR");
            assertThat(body.get("connectionId").asString()).isEqualTo("con_A");
        }
        JsonNode leftBody = JSON.readTree(entries.get(1).body());
        JsonNode openVidu = OpenViduEventJson.of(left);
        // As JSON text: a number read back is an int node where OpenViduEventJson wrote a long.
        openVidu.propertyNames().forEach(name ->
                assertThat(String.valueOf(leftBody.get(name))).as(name).isEqualTo(openVidu.get(name).toString()));
    }

    @Test
    void aSessionEventCarriesNoRole() {
        List<Entry> entries = observed(WebhooksProperties.OPENVIDU_EVENTS, CREATED);

        assertThat(JSON.readTree(entries.get(0).body()).has("role")).isFalse();
    }
}
