package io.vidgate.e2e.browser;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import io.openvidu.java.client.OpenVidu;
import io.vidgate.demo.page.StaticFiles;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.e2e.webhooks.WebhookReceiver;
import io.vidgate.protocol.token.SigningKeys;
import io.vidgate.turn.testing.LoopbackCoturn;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Everything the browser tests run against, started once for all of them (startup is most of their cost): a real
 * coturn on loopback; the whole stack — gateway, broker, the kurento-emulator with real media, the demo — its
 * {@code vidgate.turn.*} pointing at that coturn, its broker posting webhooks to a receiver that lives as long as
 * it and recording into {@link #recordings()}; a page server for the tests' own page (with the demo's
 * openvidu-browser bundle); and the Chromium instances, one per participant name, reused from test to test.
 * Logs of every process and browser go to {@code e2e/target/browser-e2e/}.
 *
 * <p>Test classes get it as a {@code @BeforeAll} parameter with {@code @ExtendWith(BrowserStack.Extension.class)};
 * it is closed once the whole run is over.
 */
public final class BrowserStack implements AutoCloseable {

    public static final String SECRET = "e2e-browser-secret";
    private static final String TURN_SECRET = "e2e-browser-turn-secret";
    public static final Path ARTIFACTS = StackProcesses.ROOT.resolve("e2e/target/browser-e2e");
    /** Where the broker keeps recordings, and where the kurento-emulator writes them (the same machine). */
    public static final Path RECORDINGS = ARTIFACTS.resolve("recordings");

    /** Two, as during a rotation of the signing secret: every webhook carries a signature for each. */
    private static final List<String> WEBHOOK_SECRETS = List.of(WebhookReceiver.newSigningSecret(),
            WebhookReceiver.newSigningSecret());

    private final LoopbackCoturn coturn;
    private final HttpServer pages;
    private final WebhookReceiver webhooks;
    private final StackProcesses stack;
    private final OpenVidu openVidu;
    private final Map<String, Chromium> browsers = new LinkedHashMap<>();

    private BrowserStack(LoopbackCoturn coturn, HttpServer pages, WebhookReceiver webhooks, StackProcesses stack) {
        this.coturn = coturn;
        this.pages = pages;
        this.webhooks = webhooks;
        this.stack = stack;
        this.openVidu = new OpenVidu(stack.internalUrl(), SECRET);
    }

    static BrowserStack start() throws Exception {
        deleteRecursively(ARTIFACTS);
        Files.createDirectories(RECORDINGS);
        LoopbackCoturn coturn = LoopbackCoturn.start(TURN_SECRET);
        HttpServer pages = null;
        WebhookReceiver webhooks = null;
        try {
            pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            pages.createContext("/openvidu-browser/", new StaticFiles("static"));
            pages.createContext("/", new StaticFiles("harness"));
            pages.start();
            webhooks = WebhookReceiver.start(WEBHOOK_SECRETS);
            Path keyFile = ARTIFACTS.resolve("keys.jwks.json");
            SigningKeys.loadOrGenerate(keyFile);
            StackProcesses stack = StackProcesses.start(ARTIFACTS, SECRET, StackProcesses.Options.of(Map.ofEntries(
                    Map.entry("vidgate.tokens.jwks-file", keyFile.toString()),
                    Map.entry("vidgate.tokens.issuer", "https://e2e.vidgate.test"),
                    Map.entry("vidgate.tokens.audience", "vidgate-browser-e2e"),
                    // The tests' page and the demo, both served from loopback.
                    Map.entry("vidgate.public.allowed-origins", "http://127.0.0.1:[*],http://localhost:[*]"),
                    Map.entry("vidgate.turn.secrets", TURN_SECRET),
                    Map.entry("vidgate.turn.uris", String.join(",", coturn.turnUris())),
                    // A killed tab is evicted after this (default 10 s): the tab-killed test waits less.
                    Map.entry("vidgate.signaling.reconnect-grace", "3s"),
                    Map.entry("vidgate.webhooks.endpoint", webhooks.endpoint()),
                    Map.entry("vidgate.webhooks.signing-secrets", String.join(",", WEBHOOK_SECRETS)),
                    Map.entry("vidgate.recording.enabled", "true"),
                    Map.entry("vidgate.recording.path", RECORDINGS.toString())))
                    .withRealMedia().withDemo());
            return new BrowserStack(coturn, pages, webhooks, stack);
        } catch (Exception | AssertionError failure) {
            if (pages != null) {
                pages.stop(0);
            }
            if (webhooks != null) {
                webhooks.close();
            }
            coturn.close();
            throw failure;
        }
    }

    public StackProcesses stack() {
        return stack;
    }

    /** openvidu-java-client on the internal listener: the app backend's view. */
    public OpenVidu openVidu() {
        return openVidu;
    }

    /** The broker's {@code vidgate.recording.path}: a folder per recording while it exists. */
    public Path recordings() {
        return RECORDINGS;
    }

    public LoopbackCoturn coturn() {
        return coturn;
    }

    /** The app backend's webhook endpoint: the broker's {@code vidgate.webhooks.endpoint}, up all along. */
    public WebhookReceiver webhooks() {
        return webhooks;
    }

    /** The browser of that participant: started on first use, and again after it was killed. */
    public synchronized Chromium browser(String name) {
        Chromium browser = browsers.get(name);
        if (browser == null || !browser.alive()) {
            browser = Chromium.start(name, ARTIFACTS.resolve("browsers"));
            browsers.put(name, browser);
        }
        return browser;
    }

    /** A fresh load of the tests' page in that participant's browser. */
    public HarnessPage harness(String name) {
        return new HarnessPage(browser(name), "http://127.0.0.1:" + pages.getAddress().getPort() + "/");
    }

    @Override
    public synchronized void close() {
        browsers.values().forEach(Chromium::close);
        stack.close();
        webhooks.close();
        pages.stop(0);
        coturn.close();
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Resolves a {@link BrowserStack} parameter: one for the whole run, closed at its end. */
    public static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == BrowserStack.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(BrowserStack.class))
                    .computeIfAbsent(BrowserStack.class, key -> {
                        try {
                            return start();
                        } catch (Exception e) {
                            throw new IllegalStateException("the browser test stack did not start: " + e.getMessage(), e);
                        }
                    }, BrowserStack.class);
        }
    }
}
