package io.vidgate.broker.admin;

import java.util.Map;

import io.vidgate.boot.admin.ErrorResponses;
import io.vidgate.broker.recording.RecordingException;
import io.vidgate.broker.room.RoomException;
import io.vidgate.broker.room.RoomException.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every failure under {@code /openvidu/api} becomes OpenVidu's JSON error body: the controllers' own answers, the
 * registry's refusals, and Spring's (unknown path, wrong method, body that is not JSON). Runs before Boot's default
 * handler, which would answer in a different shape. Unexpected exceptions become a 500 that says nothing internal.
 */
public class ApiErrorHandler implements WebExceptionHandler, Ordered {

    static final String API_PREFIX = "/openvidu/api";

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    /** Default statuses; an endpoint with different semantics (OpenVidu answers 400 there) maps the problem itself. */
    private static final Map<Problem, HttpStatus> STATUSES = Map.ofEntries(
            Map.entry(Problem.UNKNOWN_SESSION, HttpStatus.NOT_FOUND),
            Map.entry(Problem.SESSION_EXISTS, HttpStatus.CONFLICT),
            Map.entry(Problem.TOO_MANY_SESSIONS, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(Problem.UNKNOWN_CONNECTION, HttpStatus.NOT_FOUND),
            Map.entry(Problem.CONNECTION_EXISTS, HttpStatus.CONFLICT),
            Map.entry(Problem.TOO_MANY_CONNECTIONS, HttpStatus.TOO_MANY_REQUESTS),
            Map.entry(Problem.CONNECTION_ALREADY_ACTIVE, HttpStatus.CONFLICT),
            Map.entry(Problem.CONNECTION_NOT_ACTIVE, HttpStatus.CONFLICT),
            Map.entry(Problem.ROLE_CANNOT_PUBLISH, HttpStatus.FORBIDDEN),
            Map.entry(Problem.INVALID_STREAM_ID, HttpStatus.BAD_REQUEST),
            Map.entry(Problem.UNKNOWN_STREAM, HttpStatus.NOT_FOUND),
            Map.entry(Problem.STREAM_EXISTS, HttpStatus.CONFLICT),
            Map.entry(Problem.SESSION_NOT_ACTIVE, HttpStatus.NOT_ACCEPTABLE),
            Map.entry(Problem.INVALID_RECIPIENT, HttpStatus.NOT_ACCEPTABLE));

    private final JsonMapper json;

    public ApiErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        // Boot's DefaultErrorWebExceptionHandler is at -1.
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        String path = exchange.getRequest().getPath().value();
        boolean api = path.equals(API_PREFIX) || path.startsWith(API_PREFIX + "/");
        if (!api || exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (failure instanceof MethodNotAllowedException notAllowed) {
            exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
        }
        return ErrorResponses.write(exchange, statusOf(failure), messageOf(failure, exchange), json);
    }

    static HttpStatusCode statusOf(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.status();
        }
        if (failure instanceof RoomException refused) {
            return STATUSES.getOrDefault(refused.problem(), HttpStatus.CONFLICT);
        }
        if (failure instanceof RecordingException refused) {
            return HttpStatus.valueOf(refused.problem().status());
        }
        if (failure instanceof ResponseStatusException spring) {
            return spring.getStatusCode();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String messageOf(Throwable failure, ServerWebExchange exchange) {
        if (failure instanceof ApiException || failure instanceof RoomException
                || failure instanceof RecordingException) {
            return failure.getMessage();
        }
        if (failure instanceof ServerWebInputException input && hasCause(input, DecodingException.class)) {
            return "The request body is not valid JSON";
        }
        if (failure instanceof UnsupportedMediaTypeStatusException) {
            return "The request body must be JSON (Content-Type: application/json)";
        }
        if (failure instanceof MethodNotAllowedException) {
            return "Method " + exchange.getRequest().getMethod() + " is not allowed on this path";
        }
        if (failure instanceof ResponseStatusException spring) {
            if (spring.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return "No such endpoint in the OpenVidu REST API";
            }
            return spring.getReason() != null ? spring.getReason() : HttpStatus.valueOf(spring.getStatusCode().value()).getReasonPhrase();
        }
        log.error("Unexpected failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
        return "Internal error; the broker log has the details";
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
