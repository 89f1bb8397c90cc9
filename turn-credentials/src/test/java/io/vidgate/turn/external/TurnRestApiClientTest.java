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

class TurnRestApiClientTest extends ServiceClientFixture<TurnRestApiClient> {

    private static final String API_KEY = "api-key-123";

    TurnRestApiClientTest() {
        super("/turn", (url, clock) -> new TurnRestApiClient(new TurnRestApiSettings(url, API_KEY, QUICK), clock));
    }

    private static String answer(long ttl) {
        return """
                {"username": "1700000600:alice", "password": "cGFzc3dvcmQ=", "ttl": %d,
                 "uris": ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"]}
                """.formatted(ttl);
    }

    @Test
    void answerBecomesIceServersAndIsCachedPerUser() throws IOException {
        serve(json(200, answer(600)));

        IceServers first = client.iceServersFor("alice");

        assertThat(first.servers()).containsExactly(new IceServer(
                List.of("turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"),
                "1700000600:alice", "cGFzc3dvcmQ="));
        assertThat(first.expiresAt()).isEqualTo(START.plusSeconds(600));
        assertThat(stub.lastRequest().method()).isEqualTo("GET");
        assertThat(stub.lastRequest().query()).isEqualTo("service=turn&username=alice&key=" + API_KEY);

        assertThat(client.iceServersFor("alice")).isEqualTo(first);
        assertThat(stub.hits()).as("second call for the same user is served from the cache").isEqualTo(1);

        client.iceServersFor("bob");
        assertThat(stub.hits()).as("the service binds credentials to the user").isEqualTo(2);
        assertThat(stub.lastRequest().query()).contains("username=bob");
    }

    @Test
    void refreshesOnceLessThanTenPercentOfTheTtlRemains() throws IOException {
        serve(json(200, answer(600)));
        client.iceServersFor("alice");

        clock.advance(Duration.ofSeconds(539));
        client.iceServersFor("alice");
        assertThat(stub.hits()).as("61 s of 600 left").isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        IceServers refreshed = client.iceServersFor("alice");
        assertThat(stub.hits()).as("59 s of 600 left").isEqualTo(2);
        assertThat(refreshed.expiresAt()).isEqualTo(START.plusSeconds(541 + 600));
    }

    @Test
    void ttlShorterThanTheRefreshMarginIsFetchedEveryTime() throws IOException {
        serve(json(200, answer(20)));

        IceServers first = client.iceServersFor("alice");
        clock.advance(Duration.ofSeconds(1));
        IceServers second = client.iceServersFor("alice");

        assertThat(stub.hits()).isEqualTo(2);
        assertThat(first.expiresAt()).isEqualTo(START.plusSeconds(20));
        assertThat(second.expiresAt()).isEqualTo(START.plusSeconds(21));
    }

    @Test
    void credentialsThatExpireOnTheWayAreRefused() throws IOException {
        serve(exchange -> {
            clock.advance(Duration.ofSeconds(2));
            json(200, answer(1)).answer(exchange);
        });

        assertTypedErrorForAlice().hasMessageContaining("expired before they arrived");
    }

    @Test
    void slowServiceFailsWithTheTypedErrorInsteadOfHanging() throws IOException {
        serve(ServiceStub.silentFor(30_000));

        withoutHanging(() -> assertThatThrownBy(() -> client.iceServersFor("alice"))
                .isInstanceOfSatisfying(TurnServiceException.class, e -> {
                    assertThat(e.serviceUrl()).isEqualTo(stub.url("/turn").toString());
                    assertThat(e).hasMessageContaining(stub.url("/turn").toString())
                            .hasMessageContaining("did not answer")
                            .hasMessageNotContaining(API_KEY);
                }));
    }

    @Test
    void serviceTricklingItsAnswerIsCutAtTheOverallDeadline() throws IOException {
        serve(ServiceStub.trickling(100));

        withoutHanging(() -> assertTypedErrorForAlice().hasMessageContaining("did not finish answering"));
    }

    @Test
    void errorStatusIsTheTypedErrorAndIsNotCached() throws IOException {
        serve(json(500, "{\"error\": \"down for maintenance\"}"));

        assertTypedErrorForAlice()
                .hasMessageContaining("answered HTTP 500")
                .hasMessageNotContaining(API_KEY);

        stub.answer(json(200, answer(600)));
        assertThat(client.iceServersFor("alice").servers()).hasSize(1);
    }

    @Test
    void garbageIsTheTypedError() throws IOException {
        serve(json(200, "<html>Service Unavailable</html>"));

        assertTypedErrorForAlice().hasMessageContaining("not JSON");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"username\": \"u\", \"ttl\": 600, \"uris\": [\"turn:h\"]}                        | 'password'",
        "{\"username\": \"u\", \"password\": \"\", \"ttl\": 600, \"uris\": [\"turn:h\"]}    | 'password'",
        "{\"password\": \"p\", \"ttl\": 600, \"uris\": [\"turn:h\"]}                        | 'username'",
        "{\"username\": 7, \"password\": \"p\", \"ttl\": 600, \"uris\": [\"turn:h\"]}       | 'username'",
        "{\"username\": \"u\", \"password\": \"p\", \"uris\": [\"turn:h\"]}                 | 'ttl'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": \"600\", \"uris\": [\"turn:h\"]} | 'ttl'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 0, \"uris\": [\"turn:h\"]}     | 'ttl'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 1.5, \"uris\": [\"turn:h\"]}   | 'ttl'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 9223372036854775807, \"uris\": [\"turn:h\"]} | 'ttl'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 600}                           | 'uris'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 600, \"uris\": []}             | 'uris'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 600, \"uris\": [5]}            | 'uris'",
        "{\"username\": \"u\", \"password\": \"p\", \"ttl\": 600, \"uris\": [\"http://h\"]} | invalid URI",
        "[]                                                                                  | not a JSON object",
        "''                                                                                  | not a JSON object"})
    void answerWithMissingOrMistypedFieldsIsTheTypedError(String body, String complaint) throws IOException {
        serve(json(200, body));

        assertTypedErrorForAlice().hasMessageContaining(complaint);
    }

    @Test
    void serviceThatIsDownIsTheTypedError() throws IOException {
        URI closedPort = closedPort("/turn");
        client = new TurnRestApiClient(new TurnRestApiSettings(closedPort, API_KEY, QUICK), clock);

        withoutHanging(() -> assertTypedErrorForAlice()
                .hasMessageContaining(closedPort.toString())
                .hasMessageContaining("not reachable"));
    }

    @Test
    void userIdIsCheckedBeforeAnyCall() throws IOException {
        serve(json(200, answer(600)));

        assertThatThrownBy(() -> client.iceServersFor("alice:admin")).isInstanceOf(IllegalArgumentException.class);
        assertThat(stub.hits()).isZero();
    }

    @Test
    void settingsNeverShowTheKey() {
        TurnRestApiSettings settings =
                new TurnRestApiSettings(URI.create("https://turn.example.org/api?tenant=7"), API_KEY, null);

        assertThat(settings.toString()).doesNotContain(API_KEY).contains("https://turn.example.org/api");
        assertThat(settings.timeouts()).isEqualTo(HttpTimeouts.DEFAULTS);
    }
}
