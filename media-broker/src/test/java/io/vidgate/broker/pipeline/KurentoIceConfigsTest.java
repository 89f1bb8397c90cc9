package io.vidgate.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.vidgate.boot.turn.TurnProperties;
import io.vidgate.broker.kms.KurentoProperties;
import org.junit.jupiter.api.Test;

/** What each WebRtcEndpoint is told about STUN and TURN, and the settings refused at startup. */
class KurentoIceConfigsTest {

    private static final List<URI> KMS = List.of(URI.create("ws://127.0.0.1:8888/kurento"));

    private static KurentoProperties kurento(String stunAddress, String turnUri) {
        return new KurentoProperties(KMS, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(10), 32,
                Duration.ofSeconds(10), stunAddress, 3478, turnUri);
    }

    private static TurnProperties turn(List<String> secrets) {
        return new TurnProperties(TurnProperties.Source.LOCAL, Duration.ofMinutes(10), secrets, List.of(),
                new TurnProperties.RestApi(List.of()), new TurnProperties.External(null, null, Duration.ofSeconds(2),
                        Duration.ofSeconds(5)));
    }

    @Test
    void eachEndpointGetsItsOwnShortLivedTurnCredentialInKurentosForm() {
        Function<String, IceConfig> ice = KurentoIceConfigs.of(kurento("192.0.2.10", "turn:192.0.2.20:3478?transport=udp"),
                turn(List.of("coturn-secret")));

        IceConfig alice = ice.apply("con_alice");
        assertThat(alice.stunAddress()).isEqualTo("192.0.2.10");
        assertThat(alice.stunPort()).isEqualTo(3478);
        assertThat(alice.turnUrl()).matches("\\d+:con_alice:[A-Za-z0-9+/=]+@192\\.0\\.2\\.20:3478\\?transport=udp");
        long expiry = Long.parseLong(alice.turnUrl().substring(0, alice.turnUrl().indexOf(':')));
        assertThat(expiry).isBetween(Instant.now().getEpochSecond() + 590, Instant.now().getEpochSecond() + 601);
        assertThat(ice.apply("con_bob").turnUrl()).contains(":con_bob:").isNotEqualTo(alice.turnUrl());
    }

    @Test
    void nothingConfiguredMeansNoStunAndNoTurn() {
        IceConfig none = KurentoIceConfigs.of(kurento(null, null), turn(List.of())).apply("con_alice");
        assertThat(none.hasStun()).isFalse();
        assertThat(none.hasTurn()).isFalse();
    }

    @Test
    void refusesAtStartupWhatKurentoCouldNotUse() {
        assertThatThrownBy(() -> KurentoIceConfigs.of(kurento(null, "turn:turn.example.org:3478"), turn(List.of("s"))))
                .hasMessageContaining("IPv4");
        assertThatThrownBy(() -> KurentoIceConfigs.of(kurento(null, "turn:192.0.2.20:3478"), turn(List.of())))
                .hasMessageContaining("vidgate.turn.secrets");
        assertThatThrownBy(() -> kurento("stun.example.org", null)).hasMessageContaining("vidgate.kurento.stun-address");
    }
}
