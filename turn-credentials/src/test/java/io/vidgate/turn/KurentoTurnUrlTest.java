package io.vidgate.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KurentoTurnUrlTest {

    // The expression Kurento's WebRtcEndpoint parses turnUrl with (kms-elements, kmswebrtcendpoint.c).
    private static final Pattern KURENTO = Pattern.compile(
            "^(?<user>.+):(?<password>.+)@(?<address>[0-9.]+):(?<port>[0-9]+)(\\?transport=(?<transport>(udp|tcp|tls)))?$");

    private static final TurnCredential CREDENTIAL =
            new TurnCredential("1700000600:alice", "aZvvOQUKJf6+PefS0ZAvLXcbW/A=", Instant.ofEpochSecond(1_700_000_600L));

    @ParameterizedTest
    @CsvSource({
        "turn:10.0.0.5:3478?transport=udp, 10.0.0.5, 3478, udp",
        "turn:10.0.0.5:3478?transport=tcp, 10.0.0.5, 3478, tcp",
        "turn:10.0.0.5,                    10.0.0.5, 3478, udp",
        "turns:10.0.0.5:443?transport=tcp, 10.0.0.5, 443,  tls",
        "turns:10.0.0.5,                   10.0.0.5, 5349, tls"})
    void kurentoReadsBackTheCredentialAndTheServer(String turnUri, String address, String port, String transport) {
        String turnUrl = KurentoTurnUrl.format(CREDENTIAL, turnUri);

        Matcher parsed = KURENTO.matcher(turnUrl);
        assertThat(parsed.matches()).as(turnUrl).isTrue();
        assertThat(parsed.group("user")).isEqualTo("1700000600:alice");
        assertThat(parsed.group("password")).isEqualTo(CREDENTIAL.password());
        assertThat(parsed.group("address")).isEqualTo(address);
        assertThat(parsed.group("port")).isEqualTo(port);
        assertThat(parsed.group("transport")).isEqualTo(transport);
    }

    @Test
    void formatIsUserColonPasswordAtHostPort() {
        assertThat(KurentoTurnUrl.format(CREDENTIAL, "turn:10.0.0.5:3478?transport=udp"))
                .isEqualTo("1700000600:alice:aZvvOQUKJf6+PefS0ZAvLXcbW/A=@10.0.0.5:3478?transport=udp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"turn:turn.example.org:3478", "turn:[2001:db8::1]:3478", "turn:300.1.1.1:3478"})
    void hostMustBeAnIpv4AddressBecauseKurentoDoesNotResolveNames(String turnUri) {
        assertThatIllegalArgumentException().isThrownBy(() -> KurentoTurnUrl.format(CREDENTIAL, turnUri))
                .withMessageContaining("IPv4 address");
    }

    @Test
    void stunUriIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> KurentoTurnUrl.format(CREDENTIAL, "stun:10.0.0.5"))
                .withMessageContaining("turn: or turns:");
    }
}
