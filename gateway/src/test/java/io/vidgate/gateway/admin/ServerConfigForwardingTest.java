package io.vidgate.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.vidgate.gateway.RealHttp;
import io.vidgate.gateway.TestKeys;
import io.vidgate.gateway.VidgateGatewayApplication;
import io.vidgate.gateway.listeners.InternalListenerServer;
import io.vidgate.protocol.BrokerHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /openvidu/api/config} is the broker's (it owns the settings it reports): the gateway forwards it with the
 * public URL it alone knows, in a header no client can set. {@code /openvidu-publicurl} is the gateway's, readable
 * without credentials as in openvidu-server. Recording downloads ({@code /openvidu/recordings/**}) are the broker's
 * too, forwarded with the internal listener's URL as the caller reached it (the recordings' {@code url}).
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=config-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class ServerConfigForwardingTest {

    /** A broker that answers every call with {} and remembers the public URL headers it got. */
    private static final List<List<String>> PUBLIC_URL_HEADERS = new CopyOnWriteArrayList<>();
    /** Each call's path, Range and admin URL header, as the broker got them. */
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static HttpServer broker;

    @DynamicPropertySource
    static void recordingBroker(DynamicPropertyRegistry registry) throws IOException {
        broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broker.createContext("/", exchange -> {
            List<String> header = exchange.getRequestHeaders().get(BrokerHeaders.PUBLIC_URL);
            PUBLIC_URL_HEADERS.add(header == null ? List.of() : List.copyOf(header));
            CALLS.add(exchange.getRequestURI().getPath() + " range=" + exchange.getRequestHeaders().get("Range")
                    + " admin=" + exchange.getRequestHeaders().get(BrokerHeaders.ADMIN_URL));
            boolean download = exchange.getRequestURI().getPath().startsWith("/openvidu/recordings/");
            byte[] body = (download ? "0123" : "{\"VERSION\":\"2.32.1\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", download ? "video/webm" : "application/json");
            if (download) {
                exchange.getResponseHeaders().add("Content-Range", "bytes 0-3/10");
            }
            exchange.sendResponseHeaders(download ? 206 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        broker.start();
        registry.add("vidgate.broker.url", () -> "http://127.0.0.1:" + broker.getAddress().getPort());
    }

    @AfterAll
    static void stopBroker() {
        broker.stop(0);
    }

    @LocalServerPort
    int publicPort;

    @Autowired
    InternalListenerServer internalListener;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + internalListener.port() + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void configIsTheBrokersAnswerToACallCarryingTheGatewaysPublicUrlOnly() throws Exception {
        PUBLIC_URL_HEADERS.clear();

        HttpResponse<String> config = get("/openvidu/api/config", "Authorization",
                RealHttp.basic("OPENVIDUAPP", "config-secret"), BrokerHeaders.PUBLIC_URL, "https://evil.example");

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).isEqualTo("{\"VERSION\":\"2.32.1\"}");
        assertThat(PUBLIC_URL_HEADERS).containsExactly(List.of("http://localhost:" + publicPort));
    }

    @Test
    void configNeedsTheSecretButThePublicUrlDoesNot() throws Exception {
        assertThat(get("/openvidu/api/config").statusCode()).isEqualTo(401);
        assertThat(get("/openvidu/api/config/openvidu-version").statusCode()).isEqualTo(401);

        HttpResponse<String> publicUrl = get("/openvidu/api/config/openvidu-publicurl");
        assertThat(publicUrl.statusCode()).isEqualTo(200);
        assertThat(publicUrl.body()).isEqualTo("http://localhost:" + publicPort + "/");
    }

    @Test
    void recordingDownloadsGoToTheBrokerWithTheRangeAndTheInternalListenersUrl() throws Exception {
        CALLS.clear();
        String path = "/openvidu/recordings/ses_a~1/ses_a~1.webm";

        HttpResponse<String> download = get(path, "Authorization", RealHttp.basic("OPENVIDUAPP", "config-secret"),
                "Range", "bytes=0-3", BrokerHeaders.ADMIN_URL, "https://evil.example");

        assertThat(download.statusCode()).isEqualTo(206);
        assertThat(download.headers().firstValue("Content-Range")).hasValue("bytes 0-3/10");
        assertThat(download.body()).isEqualTo("0123");
        assertThat(CALLS).containsExactly(path + " range=[bytes=0-3] admin=[http://127.0.0.1:" + internalListener.port()
                + "]");
        assertThat(get(path).statusCode()).as("without the secret").isEqualTo(401);
        HttpResponse<String> onThePublicListener = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + publicPort + path)).header("Authorization",
                RealHttp.basic("OPENVIDUAPP", "config-secret")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(onThePublicListener.statusCode()).isEqualTo(404);
        assertThat(CALLS).hasSize(1);
    }
}
