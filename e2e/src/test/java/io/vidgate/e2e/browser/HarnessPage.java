package io.vidgate.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.openqa.selenium.ScriptTimeoutException;

/**
 * The tests' page ({@code src/test/resources/harness}) in one browser: openvidu-browser 2.32.2 used through its
 * public API as an app would, one method per thing a user or an app does. Failures carry the page's console.
 */
public final class HarnessPage {

    /** Media through an emulated Kurento on a busy two-core machine: generous, it is a bound, not a speed check. */
    public static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    private final Chromium browser;

    HarnessPage(Chromium browser, String url) {
        this.browser = browser;
        browser.driver().get(url);
        Eventually.until(browser.name() + "'s harness loaded", EVENT_TIMEOUT,
                () -> browser.driver().executeScript("return typeof window.harness === 'object'"), Boolean.TRUE::equals);
    }

    public Chromium browser() {
        return browser;
    }

    /** {@code session.connect(token)}; the connection id. {@code relay}: only relayed ICE candidates. */
    public String join(String token, boolean relay) {
        Map<?, ?> joined = (Map<?, ?>) value("join", token, Map.of("relay", relay, "clientData", browser.name()));
        return (String) joined.get("connectionId");
    }

    /** {@code session.connect(token)} must fail: how openvidu-browser rejected. */
    public Failure joinRefused(String token) {
        return failure("join", token, Map.of("relay", false));
    }

    /** Camera and microphone published; the stream id. */
    public String publish() {
        return (String) ((Map<?, ?>) value("publish")).get("streamId");
    }

    /** Publishing must fail: how openvidu-browser rejected. */
    public Failure publishRefused() {
        return failure("publish");
    }

    /** A moderator's {@code session.forceDisconnect} of that remote connection. */
    public void forceDisconnect(String connectionId) {
        value("forceDisconnect", connectionId);
    }

    /** {@code session.disconnect()}, if connected. */
    public void leave() {
        value("leave");
    }

    /** The session's events so far, oldest first: {@code {event, connectionId?, reason?, …}}. */
    public List<Map<String, Object>> events() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) value("events");
        return events;
    }

    /** Waits for a session event with these fields (e.g. {@code "reason", "forceDisconnectByUser"}). */
    public Map<String, Object> awaitEvent(String event, Object... fields) {
        return Eventually.until(browser.name() + " gets " + event + " " + Arrays.toString(fields), EVENT_TIMEOUT,
                () -> events().stream().filter(e -> event.equals(e.get("event")) && matches(e, fields)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    /** What this page receives from each remote stream it subscribed to, and how its own stream is sent. */
    public Media media() {
        Map<?, ?> media = (Map<?, ?>) value("media");
        List<Received> received = ((List<?>) media.get("received")).stream().map(item -> {
            Map<?, ?> r = (Map<?, ?>) item;
            return new Received((String) r.get("connectionId"), number(r.get("videoWidth")),
                    number(r.get("videoHeight")), number(r.get("framesDecoded")), number(r.get("framesRendered")),
                    route(r), (String) r.get("iceState"));
        }).toList();
        Map<?, ?> sent = (Map<?, ?>) media.get("sent");
        return new Media(received, sent == null ? null : route(sent));
    }

    /**
     * Waits until this page decodes and renders the video of {@code connectionId}, then checks that frames keep
     * coming: more decoded (getStats {@code framesDecoded}) and more presented ({@code requestVideoFrameCallback})
     * a second later. Returns the later sample.
     */
    public Received awaitDecoding(String connectionId) {
        Received first = Eventually.until(browser.name() + " decodes the video of " + connectionId, MEDIA_TIMEOUT,
                () -> receivedFrom(connectionId),
                r -> r != null && r.videoWidth() > 0 && r.framesDecoded() > 0 && r.framesRendered() > 0);
        return Eventually.until(browser.name() + "'s frames from " + connectionId + " keep coming after " + first,
                Duration.ofSeconds(15), () -> receivedFrom(connectionId),
                r -> r.framesDecoded() > first.framesDecoded() + 5 && r.framesRendered() > first.framesRendered() + 5);
    }

    private Received receivedFrom(String connectionId) {
        return media().received().stream().filter(r -> connectionId.equals(r.connectionId())).findFirst().orElse(null);
    }

    /** One remote stream as this page receives it. */
    public record Received(String connectionId, long videoWidth, long videoHeight, long framesDecoded,
                           long framesRendered, Route route, String iceState) {
    }

    /** @param sent how the page's own stream goes out; null if it does not publish */
    public record Media(List<Received> received, Route sent) {
    }

    /**
     * The local end of a peer connection's selected candidate pair.
     *
     * @param candidateType {@code host}, {@code srflx}, {@code prflx} or {@code relay}; null before ICE selected one
     * @param relayServer   for {@code relay}, the TURN server's URL
     */
    public record Route(String candidateType, String relayServer) {
    }

    private static Route route(Map<?, ?> stats) {
        return new Route((String) stats.get("localCandidateType"), (String) stats.get("relayServer"));
    }

    /** A rejected promise: OpenViduError's name, or the JSON-RPC error's code. */
    public record Failure(String name, String message, Long code) {
    }

    // ---------------------------------------------------------------- the bridge to harness.js

    private Map<?, ?> run(String method, Object... args) {
        Object answer;
        try {
            answer = browser.driver().executeAsyncScript(
                    "window.harness.run(arguments[0], arguments[1], arguments[arguments.length - 1]);",
                    method, Arrays.asList(args));
        } catch (ScriptTimeoutException e) {
            throw new AssertionError(browser.name() + ": harness." + method + " did not finish in time"
                    + "\n--- console of " + browser.name() + " ---\n" + browser.console(), e);
        }
        return (Map<?, ?>) Objects.requireNonNull(answer, "no answer from harness." + method);
    }

    private Object value(String method, Object... args) {
        Map<?, ?> answer = run(method, args);
        if (answer.containsKey("error")) {
            throw new AssertionError(browser.name() + ": harness." + method + " failed: " + answer.get("error")
                    + "\n--- console of " + browser.name() + " ---\n" + browser.console());
        }
        return answer.get("value");
    }

    private Failure failure(String method, Object... args) {
        Map<?, ?> answer = run(method, args);
        assertThat(answer.containsKey("error")).as(browser.name() + ": harness." + method + " should fail: " + answer)
                .isTrue();
        Map<?, ?> error = (Map<?, ?>) answer.get("error");
        Object code = error.get("code");
        return new Failure((String) error.get("name"), (String) error.get("message"),
                code instanceof Number n ? n.longValue() : null);
    }

    private static boolean matches(Map<String, Object> event, Object... fields) {
        for (int i = 0; i < fields.length; i += 2) {
            if (!Objects.equals(event.get((String) fields[i]), fields[i + 1])) {
                return false;
            }
        }
        return true;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
