package io.vidgate.gateway.listeners;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads the bodies the gateway handles itself, never more than {@code vidgate.internal.max-body-bytes} of them: a
 * larger one fails with {@link TooLarge}, which the caller answers 413 — a client's mistake, not the 500 an
 * unbounded or codec-bounded read turned it into.
 */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body was larger than the limit (its Content-Length said so, or its bytes did). */
    public static final class TooLarge extends RuntimeException {
        private final int limit;

        public TooLarge(int limit) {
            super("The request body is larger than " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        public int limit() {
            return limit;
        }
    }

    /** The whole body, or an empty array when there is none; {@link TooLarge} beyond {@code maxBytes}. */
    public static Mono<byte[]> read(ServerHttpRequest request, int maxBytes) {
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(new TooLarge(maxBytes)); // refused before a byte of it is read
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(DataBufferLimitException.class, tooLarge -> new TooLarge(maxBytes))
                .defaultIfEmpty(new byte[0]);
    }
}
