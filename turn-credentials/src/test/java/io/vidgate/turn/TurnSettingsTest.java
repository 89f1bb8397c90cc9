package io.vidgate.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TurnSettingsTest {

    @Test
    void parsesCommaSeparatedEnvironmentValuesTrimmingBlanks() {
        TurnSettings settings = TurnSettings.fromEnvironment(Map.of(
                "VIDGATE_TURN_TTL", "15m",
                "VIDGATE_TURN_SECRETS", " new-secret , old-secret ,",
                "VIDGATE_TURN_URIS", "turn:10.0.0.5:3478?transport=udp, turns:turn.example.org:5349?transport=tcp"));

        assertThat(settings.ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.secrets()).containsExactly("new-secret", "old-secret");
        assertThat(settings.signingSecret()).isEqualTo("new-secret");
        assertThat(settings.uris())
                .containsExactly("turn:10.0.0.5:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"600", "600s", "10m", "PT10M", "pt10m"})
    void acceptsTheDurationFormsSpringAccepts(String ttl) {
        assertThat(TurnSettings.parse(ttl, "s", "stun:stun.example.org").ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void missingTtlMeansTheDefault() {
        assertThat(TurnSettings.fromEnvironment(Map.of("VIDGATE_TURN_SECRETS", "s", "VIDGATE_TURN_URIS", "turn:h")).ttl())
                .isEqualTo(CredentialTtl.DEFAULT);
        assertThat(TurnSettings.parse(" ", "s", "turn:h").ttl()).isEqualTo(CredentialTtl.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten minutes", "-5m", "10 years"})
    void unreadableTtlNamesTheProperty(String ttl) {
        assertThatIllegalArgumentException().isThrownBy(() -> TurnSettings.parse(ttl, "s", "turn:h"))
                .withMessageContaining("vidgate.turn.ttl");
    }

    @Test
    void atLeastOneSecretIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> TurnSettings.parse(null, " , ", "turn:h"))
                .withMessageContaining("vidgate.turn.secrets");
        assertThatIllegalArgumentException().isThrownBy(() -> new TurnSettings(null, null, List.of("turn:h")))
                .withMessageContaining("vidgate.turn.secrets");
    }

    @Test
    void atLeastOneUriIsRequired() {
        assertThatIllegalArgumentException().isThrownBy(() -> TurnSettings.parse(null, "s", ""))
                .withMessageContaining("vidgate.turn.uris");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "stun:stun.example.org",
        "stun:192.0.2.1:19302",
        "turn:10.0.0.5",
        "turn:10.0.0.5:3478?transport=udp",
        "turn:turn.example.org:80?transport=tcp",
        "turns:turn.example.org:443?transport=tcp",
        "turn:[2001:db8::1]:3478"})
    void acceptsStunTurnAndTurnsUris(String uri) {
        assertThat(TurnSettings.parse(null, "s", uri).uris()).containsExactly(uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://turn.example.org",
        "turn://turn.example.org:3478",
        "turn:user@turn.example.org",
        "turn:",
        "turn:turn.example.org:70000",
        "turn:turn.example.org?transport=sctp",
        "stun:stun.example.org?transport=udp",
        "TURN:turn.example.org"})
    void rejectsAnythingElseNamingTheProperty(String uri) {
        assertThatIllegalArgumentException().isThrownBy(() -> TurnSettings.parse(null, "s", uri))
                .withMessageContaining("vidgate.turn.uris")
                .withMessageContaining(uri);
    }

    @Test
    void uriParsesIntoItsParts() {
        assertThat(TurnUri.parse("turns:turn.example.org?transport=tcp", "x"))
                .isEqualTo(new TurnUri("turns", "turn.example.org", 5349, "tcp"));
        assertThat(TurnUri.parse("turn:10.0.0.5", "x")).isEqualTo(new TurnUri("turn", "10.0.0.5", 3478, null));
    }
}
