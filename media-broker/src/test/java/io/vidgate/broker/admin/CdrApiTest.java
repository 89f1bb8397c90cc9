package io.vidgate.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.vidgate.broker.facts.Fact;
import io.vidgate.broker.facts.RecordedFacts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker with {@code vidgate.cdr.enabled}: {@code GET /openvidu/api/config} says so, as openvidu-server does with
 * {@code OPENVIDU_CDR=true}, and what happens in a session is in the CDR folder, one line per event, in order.
 */
class CdrApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static Path cdrFolder;

    @DynamicPropertySource
    static void cdrOn(DynamicPropertyRegistry registry) throws IOException {
        cdrFolder = Files.createTempDirectory("vidgate-cdr-api").toAbsolutePath();
        registry.add("vidgate.cdr.enabled", () -> "true");
        registry.add("vidgate.cdr.path", cdrFolder::toString);
    }

    @AfterAll
    static void removeCdrFolder() throws IOException {
        FileSystemUtils.deleteRecursively(cdrFolder);
    }

    @Test
    void theConfigReportsTheCdrAndItsFolder() {
        JsonNode config = api.get("/openvidu/api/config").json();

        List<String> names = config.propertyNames().stream().toList();
        assertThat(names.subList(names.indexOf("OPENVIDU_CDR"), names.indexOf("OPENVIDU_CDR") + 2))
                .as("after OPENVIDU_CDR, as openvidu-server puts it").containsExactly("OPENVIDU_CDR", "OPENVIDU_CDR_PATH");
        assertThat(config.get("OPENVIDU_CDR").booleanValue()).isTrue();
        assertThat(config.get("OPENVIDU_CDR_PATH").stringValue()).isEqualTo(cdrFolder + "/");
        assertThat(api.get("/openvidu/api/config/openvidu-cdr").body()).isEqualTo("true");
    }

    @Test
    void aSessionsEventsAreItsCdrLinesInOrder() throws Exception {
        String sessionId = newSession();
        String alice = newConnection(sessionId, "{}").get("id").stringValue();
        String bob = newConnection(sessionId, "{\"role\":\"SUBSCRIBER\"}").get("id").stringValue();
        join(sessionId, alice);
        join(sessionId, bob);
        subscribe(sessionId, bob, publish(sessionId, alice));
        assertThat(api.send("DELETE", "/openvidu/api/sessions/" + sessionId, null, Map.of()).status()).isEqualTo(204);

        List<Fact.SessionFact> heard = facts.awaitEvents(sessionId, 10);
        List<JsonNode> lines = awaitCdrLines(sessionId, heard.size());
        assertThat(lines.stream().map(line -> line.propertyNames().iterator().next()).toList())
                .containsExactlyElementsOf(heard.stream().map(Fact::event).toList());
        assertThat(lines.stream().map(line -> line.values().iterator().next().get("timestamp").longValue()).toList())
                .containsExactlyElementsOf(heard.stream().map(Fact::timestamp).toList());
        JsonNode bobJoined = lines.get(2).get("participantJoined");
        assertThat(bobJoined.get("connectionId").stringValue()).isEqualTo(bob);
        assertThat(bobJoined.get("role").stringValue()).isEqualTo("SUBSCRIBER");
        assertThat(lines.get(lines.size() - 1).get("sessionDestroyed").get("reason").stringValue())
                .isEqualTo("sessionClosedByServer");
    }

    /** The CDR lines of {@code sessionId}, once there are {@code count}: the CDR hears facts on its own thread. */
    private static List<JsonNode> awaitCdrLines(String sessionId, int count) throws Exception {
        long deadline = System.nanoTime() + RecordedFacts.TIMEOUT.toNanos();
        while (true) {
            List<JsonNode> lines = cdrLines(sessionId);
            if (lines.size() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }

    private static List<JsonNode> cdrLines(String sessionId) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(cdrFolder)) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonNode json = JSON.readTree(line);
                    if (sessionId.equals(json.values().iterator().next().path("sessionId").asString(null))) {
                        lines.add(json);
                    }
                }
            }
        }
        return lines;
    }
}
