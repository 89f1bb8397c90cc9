package io.vidgate.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.turn.testing.LoopbackCoturn;
import io.vidgate.turn.testing.LoopbackCoturnPerClass;
import io.vidgate.turn.testing.RequiresCoturn;
import io.vidgate.turn.testing.TurnClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain-Java TURN client of the test fixtures, against the real coturn: it must tell accepted credentials from
 * refused ones exactly as coturn's own client does, or the tests that rely on it (the deployment's coturn image)
 * would prove nothing.
 */
@RequiresCoturn
class TurnClientTest {

    private static final String SECRET = "vidgate-turn-client-secret";

    @RegisterExtension
    static final LoopbackCoturnPerClass COTURN = new LoopbackCoturnPerClass(SECRET);

    private static InetSocketAddress server() {
        return new InetSocketAddress(COTURN.get().host(), COTURN.get().port());
    }

    private static TurnCredential credential(String secret, Clock clock) {
        TurnSettings settings = new TurnSettings(Duration.ofMinutes(10), List.of(secret), COTURN.get().turnUris());
        return new TurnCredentialIssuer(settings, clock).issue("alice");
    }

    @Test
    void allocatesWithVidgateCredentialsOverUdpAndTcp() throws Exception {
        TurnCredential credential = credential(SECRET, Clock.systemUTC());
        try (TurnClient udp = TurnClient.udp(server()); TurnClient tcp = TurnClient.tcp(server())) {
            TurnClient.Outcome overUdp = udp.allocate(credential.username(), credential.password());
            assertThat(overUdp.success()).as(overUdp.toString()).isTrue();
            assertThat(overUdp.relayed().getAddress()).isEqualTo(InetAddress.getByName(LoopbackCoturn.HOST));

            TurnClient.Outcome overTcp = tcp.allocate(credential.username(), credential.password());
            assertThat(overTcp.success()).as(overTcp.toString()).isTrue();

            TurnClient.Outcome permission = udp.createPermission(InetAddress.getByName("127.0.0.1"));
            assertThat(permission.success()).as(permission.toString()).isTrue();
        }
    }

    @Test
    void refusesWhatCoturnRefuses() {
        TurnCredential other = credential("another-secret", Clock.systemUTC());
        TurnCredential expired = credential(SECRET, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        for (TurnCredential refused : List.of(other, expired)) {
            try (TurnClient client = TurnClient.udp(server())) {
                TurnClient.Outcome outcome = client.allocate(refused.username(), refused.password());
                assertThat(outcome.success()).as(outcome.toString()).isFalse();
                assertThat(outcome.errorCode()).isEqualTo(401);
            }
        }
        // The same credentials, checked by coturn's own client, for comparison.
        assertThat(COTURN.get().tryAllocate(other).refused()).isTrue();
        assertThat(COTURN.get().tryAllocate(credential(SECRET, Clock.systemUTC())).allocated()).isTrue();
    }

    @Test
    void seesAStunServer() {
        assertThat(TurnClient.answersStun(server(), Duration.ofSeconds(2))).isTrue();
        assertThat(TurnClient.answersStun(new InetSocketAddress("127.0.0.1", 9), Duration.ofMillis(300))).isFalse();
    }
}
