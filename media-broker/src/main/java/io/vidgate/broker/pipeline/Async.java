package io.vidgate.broker.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.kurento.client.Continuation;

/** kurento-client's {@link Continuation}s as {@link CompletableFuture}s (completed on the client's thread pool). */
public final class Async {

    private Async() {
    }

    public static <T> CompletableFuture<T> call(Consumer<Continuation<T>> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            call.accept(new Continuation<>() {
                @Override
                public void onSuccess(T result) {
                    future.complete(result);
                }

                @Override
                public void onError(Throwable cause) {
                    future.completeExceptionally(cause);
                }
            });
        } catch (RuntimeException failedToSend) {
            future.completeExceptionally(failedToSend);
        }
        return future;
    }

    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
