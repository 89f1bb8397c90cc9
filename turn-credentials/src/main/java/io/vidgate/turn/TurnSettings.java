package io.vidgate.turn;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of the local credential issuer: properties {@code vidgate.turn.ttl}, {@code vidgate.turn.secrets}
 * and {@code vidgate.turn.uris} (environment {@code VIDGATE_TURN_TTL}, {@code VIDGATE_TURN_SECRETS},
 * {@code VIDGATE_TURN_URIS}, the last two comma-separated).
 *
 * <p>Spring binds onto the canonical constructor; a missing TTL becomes {@link CredentialTtl#DEFAULT}.
 *
 * @param ttl     lifetime of each credential, 1 minute to 24 hours
 * @param secrets coturn {@code static-auth-secret} values; the first signs, the others are kept because coturn
 *                still accepts them during a rotation and operators need to see that they are configured
 * @param uris    {@code stun:}/{@code turn:}/{@code turns:} URIs handed to clients, in order of preference
 */
public record TurnSettings(Duration ttl, List<String> secrets, List<String> uris) {

    public static final String TTL_PROPERTY = "vidgate.turn.ttl";
    public static final String SECRETS_PROPERTY = "vidgate.turn.secrets";
    public static final String URIS_PROPERTY = "vidgate.turn.uris";

    public TurnSettings {
        ttl = CredentialTtl.requireValid(ttl == null ? CredentialTtl.DEFAULT : ttl, TTL_PROPERTY);
        secrets = cleaned(secrets);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException(SECRETS_PROPERTY + " must hold at least one secret (the first one signs)");
        }
        uris = cleaned(uris);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException(URIS_PROPERTY + " must hold at least one stun:, turn: or turns: URI");
        }
        uris.forEach(uri -> TurnUri.parse(uri, URIS_PROPERTY));
    }

    /**
     * Builds settings from the comma-separated forms used in environment variables.
     *
     * @param ttl     a duration text ({@code 600}, {@code 10m}, {@code PT10M}), or null/blank for the default
     * @param secrets comma-separated secrets, the signing one first
     * @param uris    comma-separated URIs
     */
    public static TurnSettings parse(String ttl, String secrets, String uris) {
        Duration parsedTtl = ttl == null || ttl.isBlank() ? null : CredentialTtl.parse(ttl, TTL_PROPERTY);
        return new TurnSettings(parsedTtl, splitCommas(secrets), splitCommas(uris));
    }

    /** Reads {@code VIDGATE_TURN_TTL} (optional), {@code VIDGATE_TURN_SECRETS} and {@code VIDGATE_TURN_URIS}. */
    public static TurnSettings fromEnvironment(Map<String, String> environment) {
        return parse(environment.get("VIDGATE_TURN_TTL"), environment.get("VIDGATE_TURN_SECRETS"),
                environment.get("VIDGATE_TURN_URIS"));
    }

    /** The secret new credentials are signed with. */
    public String signingSecret() {
        return secrets.get(0);
    }

    @Override
    public String toString() {
        return "TurnSettings[ttl=" + ttl + ", secrets=<" + secrets.size() + " hidden>, uris=" + uris + "]";
    }

    private static List<String> splitCommas(String text) {
        return text == null ? List.of() : Arrays.asList(text.split(","));
    }

    // Spring hands over a comma-split list untrimmed, and "a,,b" or a trailing comma is a typo, not a secret.
    private static List<String> cleaned(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
