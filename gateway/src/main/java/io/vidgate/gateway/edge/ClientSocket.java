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

    Mono<Void> close(CloseStatus status) {
        return Mono.defer(() -> {
            FrameRelay relay = fromBroker;
            if (relay != null && relay.isRaw()) {
                relay.closePeer(status);
                return Mono.<Void>empty();
            }
            return session.close(status);
        }).subscribeOn(loop);
    }
}
