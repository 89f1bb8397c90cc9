package io.vidgate.e2e.facts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.vidgate.e2e.browser.Eventually;
import io.vidgate.e2e.stack.StackProcesses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's lifecycle facts as its event log prints them: one INFO line per fact on the logger
 * {@code vidgate.facts}, message {@code fact {json}}, the JSON being OpenVidu 2.32's webhook body for that event
 * (media-broker's FactLog and OpenViduEventJson). Read back from the broker process's log, in the order it wrote them.
 *
 * <p>The broker logs with Spring Boot's default console pattern, which ends {@code <logger> : <message>}; a line is a
 * fact when its message starts with {@code fact {} after the logger name {@code vidgate.facts}.
 */
public final class FactLogReader {

    static final String LOGGER = "vidgate.facts";
    private static final String MESSAGE = ": fact {";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StackProcesses stack;

    public FactLogReader(StackProcesses stack) {
        this.stack = stack;
    }

    /** Every fact the broker logged so far, oldest first. */
    public List<JsonNode> facts() {
        try {
            return parse(stack.log("media-broker"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The facts of one session (by {@code sessionId}), oldest first. */
    public List<JsonNode> factsOf(String sessionId) {
        List<JsonNode> ofSession = new ArrayList<>();
        for (JsonNode fact : facts()) {
            if (sessionId.equals(fact.path("sessionId").asString(null))) {
                ofSession.add(fact);
            }
        }
        return ofSession;
    }

    /**
     * The session's facts once one named {@code lastEvent} is among them (e.g. {@code sessionDestroyed}); fails
     * after {@code timeout} with what was logged for the session by then.
     */
    public List<JsonNode> awaitFactsOf(String sessionId, String lastEvent, Duration timeout) {
        return Eventually.until("the broker's fact log shows " + lastEvent + " of session " + sessionId, timeout,
                () -> factsOf(sessionId),
                facts -> facts.stream().anyMatch(fact -> lastEvent.equals(fact.path("event").asString(null))));
    }

    /** The facts in a log's text: the JSON after {@code fact } on each line of the {@code vidgate.facts} logger. */
    static List<JsonNode> parse(String log) {
        List<JsonNode> facts = new ArrayList<>();
        for (String line : log.split("\n")) {
            int logger = line.indexOf(LOGGER);
            int message = logger < 0 ? -1 : line.indexOf(MESSAGE, logger + LOGGER.length());
            if (message >= 0) {
                facts.add(JSON.readTree(line.substring(message + MESSAGE.length() - 1).strip()));
            }
        }
        return facts;
    }
}
