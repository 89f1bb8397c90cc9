package io.vidgate.gateway.tokens;

import io.vidgate.protocol.token.SigningKeys;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of the signing keys, for anyone who wants to verify a Vidgate token without asking Vidgate
 * (backends, the broker, existing apps behind the edge). Never a private part: {@link SigningKeys#publicJwkSet()}.
 */
@RestController
public class JwksController {

    private final String publicJwkSet;

    public JwksController(SigningKeys keys) {
        this.publicJwkSet = keys.publicJwkSet();
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> jwks() {
        // Short cache: a rotated key must reach verifiers well before the old one is dropped.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(publicJwkSet);
    }
}
