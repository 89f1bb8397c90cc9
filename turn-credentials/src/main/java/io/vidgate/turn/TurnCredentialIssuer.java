package io.vidgate.turn;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Issues coturn REST-scheme credentials ({@code use-auth-secret}) from the configured secrets, without any network
 * call: {@code username = <expiry>:<user id>}, {@code password = base64(HMAC-SHA1(secret, username))}.
 * Thread-safe.
 */
public final class TurnCredentialIssuer implements IceServerSource {

    private final TurnSettings settings;
    private final Clock clock;

    public TurnCredentialIssuer(TurnSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public TurnCredentialIssuer(TurnSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A credential for {@code userId}, signed with the first secret, expiring one TTL from now. */
    public TurnCredential issue(String userId) {
        IceServerSource.requireValidUserId(userId);
        // Whole seconds, rounded down: the credential never outlives the TTL.
        long expiry = clock.instant().plus(settings.ttl()).getEpochSecond();
        String username = expiry + ":" + userId;
        return new TurnCredential(username, CoturnPassword.sign(settings.signingSecret(), username),
                Instant.ofEpochSecond(expiry));
    }

    /** One ICE server entry carrying every configured URI and a fresh credential. */
    @Override
    public IceServers iceServersFor(String userId) {
        TurnCredential credential = issue(userId);
        IceServer server = new IceServer(settings.uris(), credential.username(), credential.password());
        return new IceServers(List.of(server), credential.expiresAt());
    }

    /** A fresh credential in the TURN REST API draft shape, for third parties such as Janus. */
    public TurnRestApiResponse restApiResponse(String userId) {
        TurnCredential credential = issue(userId);
        return new TurnRestApiResponse(credential.username(), credential.password(), settings.ttl().toSeconds(),
                settings.uris());
    }

    public TurnSettings settings() {
        return settings;
    }
}
