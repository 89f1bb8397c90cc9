package io.vidgate.broker.pipeline;

import java.util.List;
import java.util.function.Function;

import io.vidgate.boot.turn.TurnProperties;
import io.vidgate.broker.kms.KurentoProperties;
import io.vidgate.turn.KurentoTurnUrl;
import io.vidgate.turn.TurnCredentialIssuer;
import io.vidgate.turn.TurnSettings;

/**
 * The STUN/TURN settings each WebRtcEndpoint gets ({@code vidgate.kurento.stun-*}, {@code vidgate.kurento.turn-uri}),
 * with a TURN credential of its own, signed with the coturn secrets ({@code vidgate.turn.secrets}) for the
 * connection it serves and as short-lived as the browsers' ones.
 */
public final class KurentoIceConfigs {

    private KurentoIceConfigs() {
    }

    /**
     * @return connection id → the endpoint settings
     * @throws IllegalArgumentException when a TURN URI is set without local secrets, or is not a {@code turn:} URI
     *                                  with an IPv4 host
     */
    public static Function<String, IceConfig> of(KurentoProperties kurento, TurnProperties turn) {
        String stun = blankToNull(kurento.stunAddress());
        String turnUri = blankToNull(kurento.turnUri());
        if (turnUri == null) {
            IceConfig fixed = stun == null ? IceConfig.NONE : new IceConfig(stun, kurento.stunPort(), null);
            return connectionId -> fixed;
        }
        if (turn.source() != TurnProperties.Source.LOCAL || turn.secrets().isEmpty()) {
            throw new IllegalArgumentException("vidgate.kurento.turn-uri needs vidgate.turn.secrets (the local source) "
                    + "to sign Kurento's own TURN credentials");
        }
        TurnCredentialIssuer issuer = new TurnCredentialIssuer(new TurnSettings(turn.ttl(), turn.secrets(), List.of(turnUri)));
        KurentoTurnUrl.format(issuer.issue("startup-check"), turnUri); // refuse a bad URI at startup, not per publish
        return connectionId -> new IceConfig(stun, kurento.stunPort(), KurentoTurnUrl.format(issuer.issue(connectionId), turnUri));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
