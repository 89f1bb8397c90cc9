package io.vidgate.gateway.turn;

import io.vidgate.boot.turn.TurnCredentials;

import java.util.List;
import java.util.Map;

import io.vidgate.protocol.token.ConnectionTokenVerifier;
import io.vidgate.protocol.token.TokenRejectedException;
import io.vidgate.protocol.token.VerifiedConnectionToken;
import io.vidgate.turn.IceServer;
import io.vidgate.turn.external.TurnServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ice-servers} on the public listener: fresh TURN credentials bound to the caller's connection id,
 * for an ICE restart after the ones from {@code joinRoom} expired. Authenticated by the connection token itself
 * ({@code Authorization: Bearer <JWT or OpenVidu token URL>}), verified as strictly as at {@code joinRoom}; the
 * call acts on no session, so the token's own session is not compared with anything.
 */
@RestController
public class IceServersController {

    private static final Logger log = LoggerFactory.getLogger(IceServersController.class);

    private final TurnCredentials turn;
    private final ConnectionTokenVerifier verifier;

    public IceServersController(TurnCredentials turn, ConnectionTokenVerifier verifier) {
        this.turn = turn;
        this.verifier = verifier;
    }

    @GetMapping(path = "/v1/ice-servers", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> iceServers(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return unauthorized("invalid_request", "Authorization: Bearer <connection token> is required");
        }
        VerifiedConnectionToken token;
        try {
            token = verifier.verifyBearer(authorization.substring(7).trim());
        } catch (TokenRejectedException rejected) {
            return unauthorized("invalid_token", "The connection token was refused: " + rejected.reason());
        }
        List<IceServer> servers;
        try {
            servers = turn.iceServersFor(token.connectionId());
        } catch (TurnServiceException serviceDown) {
            // The detail names an internal service: it is for the operator's log, not for browsers.
            log.warn("No ICE servers for a client: {}", serviceDown.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(Map.of("error", "Service Unavailable", "message", "TURN credentials are unavailable right now"));
        }
        // Credentials are per caller and short-lived: no cache may keep or share them.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(servers);
    }

    private static ResponseEntity<Object> unauthorized(String error, String message) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"")
                .body(Map.of("error", "Unauthorized", "message", message));
    }
}
