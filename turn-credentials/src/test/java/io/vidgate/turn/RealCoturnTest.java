package io.vidgate.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidgate.turn.testing.AllocationResult;
import io.vidgate.turn.testing.LoopbackCoturn;
import io.vidgate.turn.testing.LoopbackCoturn.Transport;
import io.vidgate.turn.testing.LoopbackCoturnPerClass;
import io.vidgate.turn.testing.RequiresCoturn;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials from the library against a real coturn, checked with coturn's own client. */
@RequiresCoturn
class RealCoturnTest {

    private static final String SECRET = "vidgate-current-secret";
    private static final String OLD_SECRET = "vidgate-old-secret";
    private static final String NEW_SECRET = "vidgate-new-secret";

    @RegisterExtension
    static final LoopbackCoturnPerClass COTURN = new LoopbackCoturnPerClass(SECRET);

    private static TurnCredentialIssuer issuer(List<String> secrets, Clock clock) {
        return new TurnCredentialIssuer(
                new TurnSettings(Duration.ofMinutes(10), secrets, COTURN.get().turnUris()), clock);
    }

    private static TurnCredentialIssuer issuer(String... secrets) {
        return issuer(List.of(secrets), Clock.systemUTC());
    }

    @Test
    void issuedCredentialsAllocateARelayOverUdp() {
        assertAllocated(COTURN.get().tryAllocate(issuer(SECRET).issue("alice")));
    }

    @Test
    void issuedCredentialsAllocateARelayOverTcp() {
        TurnCredential credential = issuer(SECRET).issue("alice");

        assertAllocated(COTURN.get().tryAllocate(credential.username(), credential.password(), Transport.TCP));
    }

    @Test
    void expiredCredentialsAreRefused() {
        // Issued an hour ago with a ten-minute TTL: expired fifty minutes ago.
        Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
        TurnCredential expired = issuer(List.of(SECRET), anHourAgo).issue("alice");

        assertRefused(COTURN.get().tryAllocate(expired));
    }

    @Test
    void tamperedPasswordIsRefused() {
        TurnCredential credential = issuer(SECRET).issue("alice");
        char first = credential.password().charAt(0);
        String tampered = (first == 'A' ? 'B' : 'A') + credential.password().substring(1);

        assertRefused(COTURN.get().tryAllocate(credential.username(), tampered));
    }

    @Test
    void passwordOfOneUserDoesNotWorkForAnother() {
        TurnCredential alice = issuer(SECRET).issue("alice");
        String bobsUsername = alice.username().replace(":alice", ":bob");

        assertRefused(COTURN.get().tryAllocate(bobsUsername, alice.password()));
    }

    @Test
    void credentialsSignedWithAnotherSecretAreRefused() {
        assertRefused(COTURN.get().tryAllocate(issuer("some-other-secret").issue("alice")));
    }

    @Test
    void duringRotationCoturnWithOldAndNewSecretsAcceptsTheNewSignature() {
        try (LoopbackCoturn rotating = LoopbackCoturn.start(OLD_SECRET, NEW_SECRET)) {
            TurnCredential signedWithNew = issuer(NEW_SECRET, OLD_SECRET).issue("alice");

            assertAllocated(rotating.tryAllocate(signedWithNew));
        }
    }

    @Test
    void coturnThatOnlyKnowsTheOldSecretRefusesTheNewSignature() {
        try (LoopbackCoturn notYetRotated = LoopbackCoturn.start(OLD_SECRET)) {
            TurnCredential signedWithNew = issuer(NEW_SECRET, OLD_SECRET).issue("alice");

            assertRefused(notYetRotated.tryAllocate(signedWithNew));
        }
    }

    private static void assertAllocated(AllocationResult result) {
        assertThat(result.allocated()).as("turnutils_uclient should allocate:%n%s", result.clientOutput()).isTrue();
    }

    private static void assertRefused(AllocationResult result) {
        assertThat(result.refused()).as("turnutils_uclient should be refused:%n%s", result.clientOutput()).isTrue();
    }
}
