package io.vidgate.broker.signaling;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.vidgate.broker.pipeline.PipelineException;
import io.vidgate.broker.room.RoomException;
import io.vidgate.protocol.rpc.RpcErrorCodes;
import reactor.core.publisher.Mono;

/**
 * A room's refusals and media failures as the JSON-RPC errors openvidu-server 2.32 answers for them (its
 * {@code OpenViduException.Code}s), which openvidu-browser passes to the app.
 */
final class RoomErrors {

    private RoomErrors() {
    }

    static RpcException rpc(RoomException refused) {
        int code = switch (refused.problem()) {
            case UNKNOWN_SESSION -> RpcErrorCodes.ROOM_NOT_FOUND;
            case UNKNOWN_CONNECTION, CONNECTION_NOT_ACTIVE -> RpcErrorCodes.USER_NOT_FOUND;
            case NOT_PUBLISHING, NOT_SUBSCRIBED, UNKNOWN_STREAM -> RpcErrorCodes.USER_NOT_STREAMING;
            case ROLE_CANNOT_PUBLISH, CONNECTION_ALREADY_ACTIVE -> RpcErrorCodes.USER_UNAUTHORIZED;
            case INVALID_RECIPIENT -> RpcErrorCodes.SIGNAL_TO_INVALID;
            default -> RpcErrorCodes.GENERIC;
        };
        return new RpcException(code, refused.getMessage());
    }

    /** 302 for a refused SDP, 800 for a forced codec missing from it, else 301. */
    static RpcException rpc(PipelineException failed) {
        int code = switch (failed.kind()) {
            case BAD_SDP -> RpcErrorCodes.MEDIA_SDP;
            case FORCED_CODEC_NOT_FOUND -> RpcErrorCodes.FORCED_CODEC_NOT_FOUND_IN_SDPOFFER;
            default -> RpcErrorCodes.MEDIA_GENERIC;
        };
        return new RpcException(code, failed.getMessage());
    }

    /** Any failure of a room call as an RpcException (what is neither refusal nor media failure stays as it is). */
    static Throwable rpc(Throwable failure) {
        if (failure instanceof RoomException refused) {
            return rpc(refused);
        }
        if (failure instanceof PipelineException failed) {
            return rpc(failed);
        }
        return failure;
    }

    /** Calls the room: a refusal, thrown at once or by the future, becomes the client's JSON-RPC error. */
    static <T> Mono<T> call(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> future;
        try {
            future = call.get();
        } catch (RoomException refused) {
            return Mono.error(rpc(refused));
        } catch (PipelineException failed) {
            return Mono.error(rpc(failed));
        }
        return Mono.fromFuture(future).onErrorMap(RoomErrors::rpc);
    }

    /** Runs a room call that answers at once. */
    static void run(Runnable call) {
        try {
            call.run();
        } catch (RoomException refused) {
            throw rpc(refused);
        } catch (PipelineException failed) {
            throw rpc(failed);
        }
    }
}
