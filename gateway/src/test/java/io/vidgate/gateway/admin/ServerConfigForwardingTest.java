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
 * without credentials as in openvidu-server.
 */
@SpringBootTest(classes = VidgateGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vidgate.public.port=0", "vidgate.internal.port=0", "vidgate.secret=config-secret",
                "vidgate.tokens.jwks-file=" + TestKeys.JWKS_FILE})
class ServerConfigForwardingTest {

    /** A broker that answers every call with {} and remembers the public URL headers it got. */
    private static final List<List<String>> PUBLIC_URL_HEADERS = new CopyOnWriteArrayList<>();
    private static HttpServer broker;

    @DynamicPropertySource
    static void recordingBroker(DynamicPropertyRegistry registry) throws IOException {
        broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        broker.createContext("/", exchange -> {
            List<String> header = exchange.getRequestHeaders().get(BrokerHeaders.PUBLIC_URL);
            PUBLIC_URL_HEADERS.add(header == null ? List.of() : List.copyOf(header));
            byte[] body = "{\"VERSION\":\"2.32.1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
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
}
