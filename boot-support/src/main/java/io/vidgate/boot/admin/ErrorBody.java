package io.vidgate.boot.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * OpenVidu's REST error body: {@code {timestamp, status, error, message, path}}. A status without a standard reason
 * phrase gets {@code Error <code>}.
 */
public record ErrorBody(long timestamp, int status, String error, String message, String path) {

    public static ErrorBody of(HttpStatusCode status, String message, String path) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return new ErrorBody(System.currentTimeMillis(), status.value(),
                known == null ? "Error " + status.value() : known.getReasonPhrase(), message, path);
    }
}
