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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /v1/ice-servers} on the public listener: fresh TURN credentials bound to the caller's connection id,
 * for an ICE restart after the ones from {@code joinRoom} expired. Authenticated by the connection token itself
 * ({@code Authorization: Bearer <JWT or OpenVidu token URL>}), verified as strictly as at {@code joinRoom}; the
 * call acts on no session, so the token's own session is not compared with anything. A token stays valid until it
 * expires, after its connection was deleted or evicted: the broker is asked whether the connection is still in its
 * session, and a connection that is not gets 401 {@code invalid_token} like any other refused token.
 */
@RestController
public class IceServersController {

    private static final Logger log = LoggerFactory.getLogger(IceServersController.class);

    private final TurnCredentials turn;
    private final ConnectionTokenVerifier verifier;
    private final BrokerConnectionCheck connections;

    public IceServersController(TurnCredentials turn, ConnectionTokenVerifier verifier,
            BrokerConnectionCheck connections) {
        this.turn = turn;
        this.verifier = verifier;
        this.connections = connections;
    }

    @GetMapping(path = "/v1/ice-servers", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> iceServers(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.just(unauthorized("invalid_request", "Authorization: Bearer <connection token> is required"));
        }
        VerifiedConnectionToken token;
        try {
            token = verifier.verifyBearer(authorization.substring(7).trim());
        } catch (TokenRejectedException rejected) {
            return Mono.just(unauthorized("invalid_token", "The connection token was refused: " + rejected.reason()));
        }
        return connections.isInSession(token.sessionId(), token.connectionId())
                .flatMap(inSession -> inSession ? credentialsFor(token)
                        : Mono.just(unauthorized("invalid_token", "The connection is no longer in its session")))
                .onErrorResume(BrokerConnectionCheck.BrokerUnavailable.class, down -> {
                    log.warn("Cannot tell whether a connection is still in its session: {}", down.getMessage());
                    return Mono.just(unavailable("Cannot check the connection right now"));
                });
    }

    private Mono<ResponseEntity<Object>> credentialsFor(VerifiedConnectionToken token) {
        // External TURN services answer over HTTP: off the event loop.
        return Mono.fromCallable(() -> {
            List<IceServer> servers;
            try {
                servers = turn.iceServersFor(token.connectionId());
            } catch (TurnServiceException serviceDown) {
                // The detail names an internal service: it is for the operator's log, not for browsers.
                log.warn("No ICE servers for a client: {}", serviceDown.getMessage());
                return unavailable("TURN credentials are unavailable right now");
            }
            // Credentials are per caller and short-lived: no cache may keep or share them.
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).<Object>body(servers);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static ResponseEntity<Object> unavailable(String message) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Map.of("error", "Service Unavailable", "message", message));
    }

    private static ResponseEntity<Object> unauthorized(String error, String message) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error + "\"")
                .body(Map.of("error", "Unauthorized", "message", message));
    }
}
