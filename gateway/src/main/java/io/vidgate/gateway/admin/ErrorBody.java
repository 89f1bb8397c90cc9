package io.vidgate.gateway.admin;

import org.springframework.http.HttpStatus;

/** OpenVidu's REST error body: {@code {timestamp, status, error, message, path}}. */
public record ErrorBody(long timestamp, int status, String error, String message, String path) {

    public static ErrorBody of(HttpStatus status, String message, String path) {
        return new ErrorBody(System.currentTimeMillis(), status.value(), status.getReasonPhrase(), message, path);
    }
}
