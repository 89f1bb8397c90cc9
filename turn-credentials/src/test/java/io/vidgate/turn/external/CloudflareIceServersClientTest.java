package io.vidgate.turn.external;

import static io.vidgate.turn.external.ServiceStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.IceServers;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudflareIceServersClientTest extends ServiceClientFixture<CloudflareIceServersClient> {

    private static final String PATH = "/v1/turn/keys/key-1/credentials/generate-ice-servers";
    private static final String TOKEN = "cf-token-456";
    private static final String ANSWER = """
            {"iceServers": [
              {"urls": "stun:stun.cloudflare.com:3478"},
              {"urls": ["turn:turn.cloudflare.com:3478?transport=udp", "turns:turn.cloudflare.com:443?transport=tcp"],
               "username": "bc91b63e2b5d759f8eb9f3b58062439e0a0e15893d76317d833265ad08d6631099ce7c7087caabb31ad3e1c386424e3e",
               "credential": "ebd71f1d3edbc2b0edae3cd5a6d82284aeb5c3b8fdaa9b8e3bf9cec683e0d45fe9f5b44e5145db3300f06c250a15b4a0"}
            ]}
            """;

    CloudflareIceServersClientTest() {
        super(PATH, (url, clock) -> new CloudflareIceServersClient(
                new CloudflareTurnSettings(url, TOKEN, Duration.ofMinutes(10), QUICK), clock));
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

        assertTypedErrorForAlice()
                .hasMessageContaining(stub.url(PATH).toString())
                .hasMessageContaining("answered HTTP 401")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void slowServiceFailsWithTheTypedErrorInsteadOfHanging() throws IOException {
        serve(ServiceStub.silentFor(30_000));

        withoutHanging(() -> assertTypedErrorForAlice().hasMessageContaining("did not answer"));
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

        assertTypedErrorForAlice().hasMessageContaining(complaint);
    }

    @Test
    void serviceThatIsDownIsTheTypedError() throws IOException {
        client = new CloudflareIceServersClient(
                new CloudflareTurnSettings(closedPort(PATH), TOKEN, null, QUICK), clock);

        assertTypedErrorForAlice().hasMessageContaining("not reachable");
    }

    @Test
    void settingsValidateTtlAndNeverShowTheToken() {
        URI url = URI.create("https://rtc.live.cloudflare.com" + PATH);

        assertThat(new CloudflareTurnSettings(url, TOKEN, null, null).toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> new CloudflareTurnSettings(url, TOKEN, Duration.ofDays(2), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vidgate.turn.ttl");
    }
}
