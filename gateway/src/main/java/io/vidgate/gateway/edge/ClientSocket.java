package io.vidgate.gateway.edge;

import io.netty.channel.Channel;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A client's {@code /openvidu} socket: its Spring session, its Netty channel and that channel's event loop, where
 * every close runs. A close written from another thread (a timer, the shutdown hook) raced with Reactor Netty's own
 * close handling and was seen to lose the close frame (client saw 1006, Netty logged a double release). Once the
 * broker's side relays raw bytes to the client, the client's close frame is that relay's to write, between two
 * frames; before, Reactor's.
 */
final class ClientSocket {

    private final WebSocketSession session;
    private final Channel channel;
    private final Scheduler loop;
    private volatile FrameRelay fromBroker;
    private volatile boolean closedByNetty;

    ClientSocket(WebSocketSession session, Channel channel, Scheduler loop) {
        this.session = session;
        this.channel = channel;
        this.loop = loop;
    }

    WebSocketSession session() {
        return session;
    }

    Channel channel() {
        return channel;
    }

    Scheduler loop() {
        return loop;
    }

    void relayingFrom(FrameRelay broker) {
        this.fromBroker = broker;
    }

    /**
     * Netty's frame decoder met a protocol violation and answered it with its own close frame: nothing more may be
     * written. A close of ours after it fails on the closing channel, and Reactor Netty logs that failure as a
     * dropped error at ERROR with its stack trace — one per bad frame, which anyone can send.
     */
    void closedByNetty() {
        closedByNetty = true;
    }

    Mono<Void> close(CloseStatus status) {
        return Mono.defer(() -> {
            if (closedByNetty || !channel.isActive()) {
                return Mono.<Void>empty();
            }
            FrameRelay relay = fromBroker;
            if (relay != null && relay.isRaw()) {
                relay.closePeer(status);
                return Mono.<Void>empty();
            }
            return session.close(status);
        }).subscribeOn(loop);
    }
}
