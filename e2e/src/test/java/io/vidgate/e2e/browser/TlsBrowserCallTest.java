package io.vidgate.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpServer;
import io.openvidu.java.client.Connection;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduJavaClientException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.vidgate.demo.page.StaticFiles;
import io.vidgate.e2e.stack.StackProcesses;
import io.vidgate.protocol.token.SigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on the public listener, enabled exactly as docs/deployment.md tells operators ("At the gateway": the
 * {@code SERVER_SSL_CERTIFICATE} and {@code SERVER_SSL_CERTIFICATE_PRIVATE_KEY} PEM files, and
 * {@code VIDGATE_PUBLIC_URL} with {@code https://}), with a certificate made for this run: tokens carry
 * {@code wss://}, and unmodified openvidu-browser 2.32.2 in headless Chromium — trusting that one key through
 * {@code --ignore-certificate-errors-spki-list}, not ignoring certificate errors wholesale — calls through it.
 */
@RequiresChromium
class TlsBrowserCallTest {

    private static final String SECRET = "e2e-tls-secret";
    private static final Path ARTIFACTS = StackProcesses.ROOT.resolve("e2e/target/browser-tls-e2e");

    private static TestCertificate certificate;
    private static HttpServer pages;
    private static StackProcesses stack;
    private static OpenVidu openVidu;
    private static final List<Chromium> browsers = new ArrayList<>();
    private final List<HarnessPage> joined = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(ARTIFACTS);
        certificate = TestCertificate.generate(ARTIFACTS.resolve("tls"));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/openvidu-browser/", new StaticFiles("static"));
        pages.createContext("/", new StaticFiles("harness"));
        pages.start();
        Path keyFile = ARTIFACTS.resolve("keys.jwks.json");
        SigningKeys.loadOrGenerate(keyFile);
        stack = StackProcesses.start(ARTIFACTS, SECRET, StackProcesses.Options.of(Map.of(
                "vidgate.tokens.jwks-file", keyFile.toString(),
                "vidgate.tokens.issuer", "https://e2e.vidgate.test",
                "vidgate.tokens.audience", "vidgate-tls-e2e",
                // The tests' page is plain http on loopback: a page's origin, not the socket's scheme.
                "vidgate.public.allowed-origins", "http://127.0.0.1:[*]"))
                .withRealMedia()
                .withPublicTls(certificate.certificate(), certificate.privateKey()));
        openVidu = new OpenVidu(stack.internalUrl(), SECRET);
    }

    @AfterAll
    static void stop() {
        browsers.forEach(Chromium::close);
        if (stack != null) {
            stack.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    @AfterEach
    void leave() {
        for (HarnessPage page : joined) {
            if (page.browser().alive()) {
                page.leave();
            }
        }
    }

    @Test
    void tokensCarryWssAndTwoBrowsersSeeEachOtherThroughIt() throws Exception {
        Session session = openVidu.createSession();
        String aliceToken = token(session);
        assertThat(aliceToken).startsWith("wss://127.0.0.1:" + stack.publicPort() + "?sessionId=");

        HarnessPage alice = page("alice");
        String aliceId = alice.join(aliceToken, false);
        alice.publish();
        HarnessPage bob = page("bob");
        String bobId = bob.join(token(session), false);
        bob.publish();

        assertThat(alice.awaitDecoding(bobId).videoWidth()).isPositive();
        assertThat(bob.awaitDecoding(aliceId).videoWidth()).isPositive();
        session.fetch();
        assertThat(session.getActiveConnections()).extracting(Connection::getConnectionId)
                .containsExactlyInAnyOrder(aliceId, bobId);

        alice.leave();
        bob.leave();
        // The last one out closes the session, as in OpenVidu: it is then 404.
        Eventually.until("the session closed with its last participant", HarnessPage.EVENT_TIMEOUT, () -> {
            try {
                session.fetch();
                return 200;
            } catch (OpenViduHttpException e) {
                return e.getStatus();
            } catch (OpenViduJavaClientException e) {
                throw new IllegalStateException(e);
            }
        }, status -> status == 404);
    }

    @Test
    void thePublicPortSpeaksTlsOnly() throws Exception {
        URI jwks = URI.create("https://127.0.0.1:" + stack.publicPort() + "/.well-known/jwks.json");
        HttpResponse<String> overTls = trustingTheTestCertificate().send(HttpRequest.newBuilder(jwks).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overTls.statusCode()).isEqualTo(200);
        assertThat(overTls.body()).contains("\"keys\"");

        // No plain HTTP (nor ws://, its upgrade) on that port: the TLS layer drops the connection unanswered.
        URI plain = URI.create("http://127.0.0.1:" + stack.publicPort() + "/.well-known/jwks.json");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + stack.publicPort() + "/openvidu"),
                        new java.net.http.WebSocket.Listener() { }).join())
                .hasCauseInstanceOf(IOException.class);

        // The internal listener is not Boot's web server: server.ssl.* leaves it plain HTTP, on loopback.
        HttpResponse<String> internal = client.send(HttpRequest.newBuilder(
                URI.create(stack.internalUrl() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(internal.statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    private HarnessPage page(String name) {
        Chromium browser = Chromium.start(name, ARTIFACTS.resolve("browsers"),
                List.of("--ignore-certificate-errors-spki-list=" + certificate.spkiSha256()));
        browsers.add(browser);
        HarnessPage page = new HarnessPage(browser, "http://127.0.0.1:" + pages.getAddress().getPort() + "/");
        joined.add(page);
        return page;
    }

    private static String token(Session session) throws Exception {
        return session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build())
                .getToken();
    }

    private static HttpClient trustingTheTestCertificate() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(certificate.trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
