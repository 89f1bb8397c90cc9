package io.vidgate.broker.signaling;

import io.netty.channel.Channel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vidgate.boot.logging.QuietDroppedErrors;
import io.vidgate.boot.signaling.SignalingMessageProperties;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The broker's WebSocket upgrades ({@code /openvidu}): messages up to {@code vidgate.signaling.max-message-bytes}, the
 * same limit as the gateway's edge (Reactor Netty's default, 64 KiB, closed a large SDP offer the edge had admitted
 * with 1009 and no answer). Spring aggregates fragments up to the same size. Each session also gets a way to drop its
 * TCP connection ({@link #ABORT}): a close frame queued behind data the client never reads would never go out.
 */
final class SignalingWebSocketService implements WebSocketService {

    /** Session attribute: a {@link Runnable} that closes the connection under the WebSocket at once. */
    static final String ABORT = SignalingWebSocketService.class.getName() + ".abort";

    /**
     * Session attribute: the {@link CloseStatus} for a message over the limit (1009, the reason naming the property).
     * Netty's aggregator fails the inbound with a {@code TooLongFrameException} for a message of many frames; left
     * alone, the client would see 1002.
     */
    static final String TOO_BIG = SignalingWebSocketService.class.getName() + ".tooBig";

    private final HandshakeWebSocketService handshake;
    private final CloseStatus tooBig;

    SignalingWebSocketService(SignalingMessageProperties messages) {
        int max = messages.maxMessageBytes();
        this.tooBig = new CloseStatus(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), messages.tooBigReason());
        this.handshake = new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(max)));
        // A message over the limit is handled (closed with 1009), then Reactor Netty signals it again to an inbound
        // already done with: without this, every oversized message printed a stack trace at ERROR.
        QuietDroppedErrors.install(TooLongFrameException.class, CorruptedWebSocketFrameException.class);
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        Channel channel = nativeRequest instanceof Connection connection ? connection.channel() : null;
        return handshake.handleRequest(exchange, session -> {
            session.getAttributes().put(TOO_BIG, tooBig);
            if (channel != null) {
                session.getAttributes().put(ABORT, (Runnable) channel::close);
            }
            return handler.handle(session);
        });
    }
}
