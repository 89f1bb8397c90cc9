package io.vidgate.broker.admin;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.HttpStatus;

/** OpenVidu's REST error body: {@code {timestamp, status, error, message, path}}. */
public record ErrorBody(long timestamp, int status, String error, String message, String path) {

    public static ErrorBody of(HttpStatusCode status, String message, String path) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return new ErrorBody(System.currentTimeMillis(), status.value(),
                known == null ? "Error " + status.value() : known.getReasonPhrase(), message, path);
    }
}
