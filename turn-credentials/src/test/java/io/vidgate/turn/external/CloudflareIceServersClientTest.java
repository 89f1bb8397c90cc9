package io.vidgate.turn.external;

import static io.vidgate.turn.external.ServiceStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServers;
import io.vidgate.turn.testing.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudflareIceServersClientTest {

    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    private static final String PATH = "/v1/turn/keys/key-1/credentials/generate-ice-servers";
    private static final String TOKEN = "cf-token-456";
    private static final HttpTimeouts QUICK = new HttpTimeouts(Duration.ofMillis(300), Duration.ofMillis(300));
    private static final Duration NO_HANG = Duration.ofSeconds(5);
    private static final String ANSWER = """
            {"iceServers": [
              {"urls": "stun:stun.cloudflare.com:3478"},
              {"urls": ["turn:turn.cloudflare.com:3478?transport=udp", "turns:turn.cloudflare.com:443?transport=tcp"],
               "username": "bc91b63e2b5d759f8eb9f3b58062439e0a0e15893d76317d833265ad08d6631099ce7c7087caabb31ad3e1c386424e3e",
               "credential": "ebd71f1d3edbc2b0edae3cd5a6d82284aeb5c3b8fdaa9b8e3bf9cec683e0d45fe9f5b44e5145db3300f06c250a15b4a0"}
            ]}
            """;

    private final MutableClock clock = new MutableClock(START);
    private ServiceStub stub;
    private CloudflareIceServersClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private void serve(ServiceStub.Behaviour behaviour) throws IOException {
        stub = new ServiceStub(PATH, behaviour);
        client = new CloudflareIceServersClient(
                new CloudflareTurnSettings(stub.url(PATH), TOKEN, Duration.ofMinutes(10), QUICK), clock);
    }

    @Test
    void postsTheTtlWithTheTokenAndReadsStringOrListUrls() throws IOException {
        serve(json(201, ANSWER));

        IceServers servers = client.iceServersFor("alice");

        assertThat(stub.lastRequest().method()).isEqualTo("POST");
        assertThat(stub.lastRequest().authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(stub.lastRequest().contentType()).startsWith("application/json");
        assertThat(stub.lastRequest().body()).isEqualTo("{\"ttl\":600}");
        assertThat(servers.servers()).hasSize(2);
        assertThat(servers.servers().get(0)).isEqualTo(new IceServer(List.of("stun:stun.cloudflare.com:3478"), null, null));
        assertThat(servers.servers().get(1).urls())
                .containsExactly("turn:turn.cloudflare.com:3478?transport=udp", "turns:turn.cloudflare.com:443?transport=tcp");
        assertThat(servers.servers().get(1).username()).startsWith("bc91b63e");
        assertThat(servers.servers().get(1).credential()).startsWith("ebd71f1d");
        assertThat(servers.expiresAt()).isEqualTo(START.plusSeconds(600));
    }

    @Test
    void oneAnswerServesEveryUserUntilItNeedsRefreshing() throws IOException {
        serve(json(201, ANSWER));

        IceServers first = client.iceServersFor("alice");
        assertThat(client.iceServersFor("bob")).isEqualTo(first);
        assertThat(stub.hits()).as("the credentials are not bound to a user").isEqualTo(1);

        clock.advance(Duration.ofSeconds(541));
        client.iceServersFor("alice");
        assertThat(stub.hits()).as("59 s of 600 left").isEqualTo(2);
    }

    @Test
    void errorStatusIsTheTypedErrorWithoutTheToken() throws IOException {
        serve(json(401, "{\"success\": false}"));

        assertThatThrownBy(() -> client.iceServersFor("alice"))
                .isInstanceOf(TurnServiceException.class)
                .hasMessageContaining(stub.url(PATH).toString())
                .hasMessageContaining("answered HTTP 401")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void slowServiceFailsWithTheTypedErrorInsteadOfHanging() throws IOException {
        serve(ServiceStub.silentFor(30_000));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.iceServersFor("alice"))
                .isInstanceOf(TurnServiceException.class)
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(NO_HANG);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all                                                             | not JSON",
        "{}                                                                          | 'iceServers'",
        "{\"iceServers\": []}                                                        | 'iceServers'",
        "{\"iceServers\": [\"stun:stun.cloudflare.com\"]}                            | 'iceServers[0]'",
        "{\"iceServers\": [{}]}                                                      | 'iceServers[0].urls'",
        "{\"iceServers\": [{\"urls\": []}]}                                          | 'iceServers[0].urls'",
        "{\"iceServers\": [{\"urls\": 3478}]}                                        | 'iceServers[0].urls'",
        "{\"iceServers\": [{\"urls\": \"turn:h\", \"username\": 1, \"credential\": \"c\"}]} | 'iceServers[0].username'",
        "{\"iceServers\": [{\"urls\": \"https://h\"}]}                               | invalid URI"})
    void garbageOrMissingFieldsAreTheTypedError(String body, String complaint) throws IOException {
        serve(json(201, body));

        assertThatThrownBy(() -> client.iceServersFor("alice"))
                .isInstanceOf(TurnServiceException.class)
                .hasMessageContaining(complaint);
    }

    @Test
    void serviceThatIsDownIsTheTypedError() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + PATH);
        }
        client = new CloudflareIceServersClient(new CloudflareTurnSettings(closedPort, TOKEN, null, QUICK), clock);

        assertThatThrownBy(() -> client.iceServersFor("alice"))
                .isInstanceOf(TurnServiceException.class)
                .hasMessageContaining("not reachable");
    }

    @Test
    void settingsValidateTtlAndNeverShowTheToken() {
        URI url = URI.create("https://rtc.live.cloudflare.com" + PATH);

        assertThat(new CloudflareTurnSettings(url, TOKEN, null, null).toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> new CloudflareTurnSettings(url, TOKEN, Duration.ofDays(2), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vidgate.turn.cloudflare.ttl");
    }
}
