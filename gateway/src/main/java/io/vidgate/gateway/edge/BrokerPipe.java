package io.vidgate.gateway.edge;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vidgate.protocol.rpc.OpenViduMethods.JoinRoomResult;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker's half of an admitted {@code /openvidu} socket. It opens the broker's socket on the client's event loop
 * (so relaying never crosses threads), sends the admitted first frame, and puts a {@link FrameRelay} on each side to
 * carry the frames. Left here is the end of each direction: a client's close goes up with its code, and the broker's
 * close (or its disappearance: 1012) comes down.
 */
final class BrokerPipe {

    /** A broker gone without a close: openvidu-browser 2.32.2 reconnects after any close it did not ask for. */
    static final CloseStatus BROKER_LOST = new CloseStatus(1012, "Broker connection lost");

    private final HttpClient client;
    private final WebsocketClientSpec socket;
    private final URI uri;
    private final EdgeMetrics metrics;
    private final JsonMapper json;

    BrokerPipe(HttpClient client, WebsocketClientSpec socket, URI uri, EdgeMetrics metrics, JsonMapper json) {
        this.client = client;
        this.socket = socket;
        this.uri = uri;
        this.metrics = metrics;
        this.json = json;
    }

    URI uri() {
        return uri;
    }

    /** Raised when the broker's socket could not be opened at all: the client may be refused, and try again. */
    static final class BrokerUnreachable extends RuntimeException {
        BrokerUnreachable(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * Pipes {@code clientSocket} to a new broker socket until both are closed. Fails with {@link BrokerUnreachable}
     * if the broker socket never opened; a pipe that breaks later closes the client with 1012 and completes.
     *
     * @param clientRelay the client's relay, holding the frames that came after the admitted one
     * @param clientDone  completes when the client's inbound has ended
     */
    Mono<Void> open(ClientSocket clientSocket, Admission admission, FrameRelay clientRelay, Mono<Void> clientDone,
            String ip, ResumableSessions.Holding holding) {
        AtomicBoolean opened = new AtomicBoolean();
        return client.runOn(clientSocket.channel().eventLoop())
                .headers(headers -> headers.set("X-Forwarded-For", ip))
                .websocket(socket)
                .uri(uri)
                .handle((in, out) -> {
                    opened.set(true);
                    if (admission.resumedId() != null) {
                        metrics.resumed();
                    } else {
                        metrics.joined();
                    }
                    in.withConnection(broker -> {
                        FrameRelay fromBroker = FrameRelay.fromBroker(broker.channel(), BROKER_LOST);
                        clientSocket.relayingFrom(fromBroker);
                        fromBroker.relayTo(clientSocket.channel(), answerWatcher(admission, holding));
                        broker.channel().writeAndFlush(admission.upstreamFirst().toNetty());
                        clientRelay.relayTo(broker.channel(), null);
                    });
                    Mono<Void> clientToBroker = clientDone
                            .then(clientSocket.session().closeStatus().defaultIfEmpty(CloseStatus.GOING_AWAY))
                            .flatMap(status -> Mono.defer(() -> {
                                CloseStatus up = towardBroker(status);
                                if (clientRelay.isRaw()) {
                                    clientRelay.closePeer(up); // raw: the relay ends the broker side
                                    return Mono.<Void>empty();
                                }
                                return out.sendClose(up.getCode(), up.getReason());
                            }).subscribeOn(clientSocket.loop()))
                            .onErrorResume(e -> Mono.empty());
                    Mono<Void> brokerToClient = in.receiveFrames().then()
                            .onErrorResume(e -> Mono.empty())
                            .then(closeStatusOf(in))
                            .flatMap(clientSocket::close)
                            .onErrorResume(e -> Mono.empty());
                    return Mono.when(clientToBroker, brokerToClient);
                })
                .then()
                .onErrorResume(error -> opened.get()
                        ? clientSocket.close(BROKER_LOST).onErrorResume(e -> Mono.empty())
                        : Mono.error(new BrokerUnreachable(error)));
    }

    /** The broker's close code toward the client; none (it vanished) is 1012. */
    private static Mono<CloseStatus> closeStatusOf(WebsocketInbound broker) {
        return broker.receiveCloseStatus()
                .map(status -> towardClient(new CloseStatus(status.code(), status.reasonText())))
                .defaultIfEmpty(BROKER_LOST)
                .onErrorReturn(BROKER_LOST);
    }

    /**
     * Looks at the broker's text frames for its answer to the admitted request (the one with its id): a result makes
     * the socket hold its rpcSessionId — the joinRoom result's {@link JoinRoomResult#SESSION_ID}, or the id just
     * resumed, which openvidu-browser keeps using. An error, or no such id, leaves nothing to resume. Answers true once
     * it has seen the answer: frames after it are not parsed.
     */
    private Predicate<ByteBuf> answerWatcher(Admission admission, ResumableSessions.Holding holding) {
        return payload -> {
            JsonNode message;
            try {
                message = json.readTree(ByteBufUtil.getBytes(payload));
            } catch (RuntimeException notJson) {
                return false;
            }
            if (message == null || !message.isObject() || !admission.id().equals(message.get("id"))
                    || !(message.has("result") || message.has("error"))) {
                return false;
            }
            String rpcSessionId = admission.resumedId() != null ? admission.resumedId()
                    : FirstFrameCheck.text(message.path("result").get(JoinRoomResult.SESSION_ID));
            if (message.has("result") && rpcSessionId != null && !rpcSessionId.isEmpty()) {
                holding.learned(rpcSessionId, admission.who());
            }
            return true;
        };
    }

    /** 1005 and 1006 are reported, never sent: a client that closed without a status closed normally. */
    static CloseStatus towardBroker(CloseStatus status) {
        return switch (status.getCode()) {
            case 1005 -> CloseStatus.NORMAL;
            case 1006, 1015 -> CloseStatus.GOING_AWAY;
            default -> status;
        };
    }

    /** A broker gone without a proper close becomes 1012, on which openvidu-browser reconnects. */
    static CloseStatus towardClient(CloseStatus status) {
        return switch (status.getCode()) {
            case 1005, 1006, 1015 -> BROKER_LOST;
            default -> status;
        };
    }
}
