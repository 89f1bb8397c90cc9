package io.vidgate.gateway.turn;

import java.util.List;
import java.util.Optional;

import io.vidgate.turn.IceServer;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnRestApiResponse;

/** The gateway's TURN credential issuer, or none when TURN is not configured. */
public final class TurnCredentials {

    private final Optional<TurnCredentialIssuer> issuer;

    public TurnCredentials(Optional<TurnCredentialIssuer> issuer) {
        this.issuer = issuer;
    }

    public boolean enabled() {
        return issuer.isPresent();
    }

    /** Fresh ICE servers for one user (a connection id); an empty list when TURN is off. */
    public List<IceServer> iceServersFor(String userId) {
        return issuer.map(turn -> turn.iceServersFor(userId).servers()).orElse(List.of());
    }

    public Optional<TurnRestApiResponse> restApiResponse(String userId) {
        return issuer.map(turn -> turn.restApiResponse(userId));
    }
}
