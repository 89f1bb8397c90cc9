package io.vidgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo without Vidgate behind it: what it serves, what it refuses before calling Vidgate, and what the page
 * sees when Vidgate cannot be reached. The token path against a running Vidgate is tested in the e2e module.
 */
class DemoServerTest {

    private static DemoServer demo;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        // A port nothing listens on: Vidgate is "down".
        demo = DemoServer.start(new DemoSettings("127.0.0.1", 0, URI.create("http://127.0.0.1:" + closedPort()), "s3cret"));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void servesThePageAndTheUnmodifiedOpenViduBrowserBundle() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("openvidu-browser/openvidu-browser-2.32.2.min.js").doesNotContain("s3cret");

        // Byte for byte the file of the npm package the build fetched and checked.
        HttpResponse<byte[]> bundle = http.send(request("/openvidu-browser/openvidu-browser-2.32.2.min.js").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(sha256(bundle.body())).isEqualTo(sha256(Files.readAllBytes(
                Path.of("target/openvidu-browser/package/static/js/openvidu-browser-2.32.2.min.js"))));
        assertThat(get("/app.js").body()).contains("api/sessions").doesNotContain("s3cret");
    }

    @Test
    void servesNothingOutsideItsFolder() throws Exception {
        for (String path : new String[] {"/../pom.xml", "/%2e%2e/pom.xml", "/io/vidgate/demo/DemoServer.class",
                "/openvidu-browser/", "/missing.js", "/index.html.bak"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        HttpResponse<String> post = http.send(request("/index.html").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void refusesBadSessionNamesBeforeAskingVidgate() throws Exception {
        assertThat(post("/api/sessions", "{\"customSessionId\":\"../admin\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions/a%20b/connections", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/sessions", "{\"customSessionId\":\"" + "x".repeat(5000) + "\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/other", "{}").statusCode()).isEqualTo(404);
        assertThat(get("/api/sessions").statusCode()).isEqualTo(405);
    }

    @Test
    void tellsThePageWhenVidgateCannotBeReached() throws Exception {
        HttpResponse<String> answer = post("/api/sessions", "{\"customSessionId\":\"demo\"}");
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).isEqualTo("Vidgate could not be reached");
    }

    @Test
    void settingsComeFromOptionsAndTheTutorialsEnvironmentVariables() {
        DemoSettings settings = DemoSettings.parse(new String[] {"--port=0", "--host=0.0.0.0"},
                Map.of("OPENVIDU_URL", "http://10.0.0.5:5443", "OPENVIDU_SECRET", "x"));
        assertThat(settings).isEqualTo(new DemoSettings("0.0.0.0", 0, URI.create("http://10.0.0.5:5443"), "x"));
        assertThat(DemoSettings.parse(new String[0], Map.of("OPENVIDU_SECRET", "x")))
                .isEqualTo(new DemoSettings("127.0.0.1", 5000, URI.create("http://127.0.0.1:5443"), "x"));
        assertThatThrownBy(() -> DemoSettings.parse(new String[0], Map.of()))
                .hasMessageContaining("OPENVIDU_SECRET is not set");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"--secret=x"}, Map.of("OPENVIDU_SECRET", "x")))
                .hasMessageContaining("unknown option");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"--openvidu-url=ws://h"}, Map.of("OPENVIDU_SECRET", "x")))
                .hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> DemoSettings.parse(new String[] {"--port=70000"}, Map.of("OPENVIDU_SECRET", "x")))
                .hasMessageContaining("out of range");
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
