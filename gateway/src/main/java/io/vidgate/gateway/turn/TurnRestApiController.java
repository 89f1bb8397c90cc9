package io.vidgate.gateway.turn;

import java.util.Map;

import io.vidgate.boot.turn.TurnCredentials;
import io.vidgate.gateway.listeners.InternalListenerProperties;
import io.vidgate.gateway.listeners.RequestBodies;
import io.vidgate.turn.external.TurnServiceException;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.FormHttpMessageReader;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The TURN REST API draft (draft-uberti-behave-turn-rest-00) on the internal listener, for third parties that fetch
 * coturn credentials for themselves, as Janus's {@code turn_rest_api} does:
 * {@code GET /turn-rest-api?service=turn&username=<id>&key=<api key>} → {@code {username, password, ttl, uris}}.
 * Janus sends the key as {@code api=} too, and may POST the same parameters as a form body.
 */
@RestController
public class TurnRestApiController {

    private static final ResolvableType FORM = ResolvableType.forClassWithGenerics(MultiValueMap.class, String.class,
            String.class);

    private final TurnCredentials turn;
    private final TurnRestApiKeys keys;
    private final int maxBodyBytes;
    private final FormHttpMessageReader formReader = new FormHttpMessageReader();

    public TurnRestApiController(TurnCredentials turn, TurnRestApiKeys keys, InternalListenerProperties internalListener) {
        this.turn = turn;
        this.keys = keys;
        this.maxBodyBytes = internalListener.maxBodyBytes();
        this.formReader.setMaxInMemorySize(maxBodyBytes);
    }

    @RequestMapping(path = "/turn-rest-api", method = {RequestMethod.GET, RequestMethod.POST},
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> credentials(ServerWebExchange exchange) {
        return form(exchange)
                .map(form -> answer(parameters(exchange, form)))
                // Not closed on the client: Reactor Netty drops the rest of the body, and the client reads the 413.
                .onErrorResume(RequestBodies.TooLarge.class, tooLarge -> Mono.just(error(HttpStatus.CONTENT_TOO_LARGE,
                        tooLarge.getMessage() + " (vidgate.internal.max-body-bytes)")));
    }

    /**
     * The form fields of a POST, read within {@code vidgate.internal.max-body-bytes} (WebFlux's own form reading
     * stopped at its codec limit with an error that became a 500); none for a GET or another content type.
     */
    private Mono<MultiValueMap<String, String>> form(ServerWebExchange exchange) {
        MediaType type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
            return Mono.just(new LinkedMultiValueMap<>());
        }
        if (exchange.getRequest().getHeaders().getContentLength() > maxBodyBytes) {
            return Mono.error(new RequestBodies.TooLarge(maxBodyBytes));
        }
        return formReader.readMono(FORM, exchange.getRequest(), Map.of())
                .onErrorMap(DataBufferLimitException.class, tooLarge -> new RequestBodies.TooLarge(maxBodyBytes))
                .defaultIfEmpty(new LinkedMultiValueMap<>());
    }

    private ResponseEntity<Object> answer(Map<String, String> parameters) {
        String key = parameters.getOrDefault("key", parameters.get("api"));
        if (!keys.accepts(key)) {
            return error(HttpStatus.UNAUTHORIZED, "A valid API key is required (key= or api=)");
        }
        if (!"turn".equals(parameters.get("service"))) {
            return error(HttpStatus.BAD_REQUEST, "service must be 'turn'");
        }
        String username = parameters.get("username");
        if (username == null || username.isBlank()) {
            return error(HttpStatus.BAD_REQUEST, "username is required");
        }
        try {
            return turn.restApiResponse(username)
                    .<ResponseEntity<Object>>map(ResponseEntity::ok)
                    .orElseGet(() -> error(HttpStatus.SERVICE_UNAVAILABLE,
                            "TURN is not configured on this gateway (vidgate.turn.*)"));
        } catch (IllegalArgumentException badUsername) {
            return error(HttpStatus.BAD_REQUEST, badUsername.getMessage());
        } catch (TurnServiceException serviceDown) {
            return error(HttpStatus.SERVICE_UNAVAILABLE, serviceDown.getMessage());
        }
    }

    /** Query parameters win over form fields; the first value of each counts. */
    private static Map<String, String> parameters(ServerWebExchange exchange, MultiValueMap<String, String> form) {
        Map<String, String> merged = new java.util.HashMap<>(form.toSingleValueMap());
        merged.putAll(exchange.getRequest().getQueryParams().toSingleValueMap());
        return merged;
    }

    private static ResponseEntity<Object> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", status.getReasonPhrase(), "message", message));
    }
}
