package io.vidgate.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.vidgate.turn.TurnCredential;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;
import io.vidgate.turn.testing.TurnClient;
import org.junit.jupiter.api.Test;

/**
 * What docker-compose.yml's coturn must do, checked with the plain-Java TURN client from outside: accept the
 * credentials Vidgate's {@link TurnCredentialIssuer} signs with the secrets of VIDGATE_TURN_SECRETS (each of them,
 * for rotations), refuse others, and relay to Kurento's address and nowhere else. Run against Debian's turnserver
 * ({@link CoturnConfigTest}) and against the coturn/coturn image ({@link CoturnImageTest}).
 */
abstract class CoturnChecks {

    static final String CURRENT = "deploy-turn-current-secret";
    static final String PREVIOUS = "deploy-turn-previous-secret";
    /** As .env holds them during a rotation: the new secret first (it signs), the old one after it. */
    static final String SECRETS = CURRENT + "," + PREVIOUS;

    abstract DeployedCoturn coturn();

    private TurnCredential credential(String secret, Clock clock) {
        return new TurnCredentialIssuer(new TurnSettings(Duration.ofMinutes(10), List.of(secret),
                List.of(coturn().turnUri("udp"))), clock).issue("con_DeployTest");
    }

    private TurnClient.Outcome allocate(TurnClient client, TurnCredential credential) {
        return client.allocate(credential.username(), credential.password());
    }

    @Test
    void vidgateCredentialsAllocateARelayOverUdpAndTcp() {
        TurnCredential credential = credential(CURRENT, Clock.systemUTC());
        try (TurnClient udp = TurnClient.udp(coturn().address()); TurnClient tcp = TurnClient.tcp(coturn().address())) {
            TurnClient.Outcome overUdp = allocate(udp, credential);
            assertThat(overUdp.success()).as("%s%n%s", overUdp, coturn().log()).isTrue();
            TurnClient.Outcome overTcp = allocate(tcp, credential);
            assertThat(overTcp.success()).as("%s%n%s", overTcp, coturn().log()).isTrue();
        }
    }

    @Test
    void duringARotationTheOldSecretStillWorks() {
        try (TurnClient client = TurnClient.udp(coturn().address())) {
            TurnClient.Outcome outcome = allocate(client, credential(PREVIOUS, Clock.systemUTC()));
            assertThat(outcome.success()).as("%s%n%s", outcome, coturn().log()).isTrue();
        }
    }

    @Test
    void otherSecretsAndExpiredCredentialsAreRefused() {
        for (TurnCredential refused : List.of(credential("not-in-the-env-file", Clock.systemUTC()),
                credential(CURRENT, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))))) {
            try (TurnClient client = TurnClient.udp(coturn().address())) {
                TurnClient.Outcome outcome = allocate(client, refused);
                assertThat(outcome.success()).as(outcome.toString()).isFalse();
                assertThat(outcome.errorCode()).isEqualTo(401);
            }
        }
    }

    /**
     * Media is ROUTED: a browser's only peer is Kurento. coturn must not relay anywhere else: not to the other
     * containers, the host, the cloud's metadata service, the internet.
     */
    @Test
    void relaysToKurentoAndNowhereElse() throws Exception {
        List<String> kurento = DeployedCoturn.allowedPeers();
        assertThat(kurento).isNotEmpty();
        try (TurnClient client = TurnClient.udp(coturn().address())) {
            TurnClient.Outcome allocated = allocate(client, credential(CURRENT, Clock.systemUTC()));
            assertThat(allocated.success()).as(allocated.toString()).isTrue();
            for (String peer : kurento) {
                TurnClient.Outcome permitted = client.createPermission(InetAddress.getByName(peer));
                assertThat(permitted.success()).as("to Kurento at %s: %s", peer, permitted).isTrue();
            }
            for (String elsewhere : List.of("172.30.0.3", "172.30.0.11", "10.0.0.1", "192.168.1.1", "127.0.0.1",
                    "169.254.169.254", "8.8.8.8")) {
                TurnClient.Outcome refused = client.createPermission(InetAddress.getByName(elsewhere));
                assertThat(refused.success()).as("to %s: %s", elsewhere, refused).isFalse();
                assertThat(refused.errorCode()).as("to %s", elsewhere).isEqualTo(403);
            }
        }
    }
}
