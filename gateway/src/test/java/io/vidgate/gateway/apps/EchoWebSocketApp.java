package io.vidgate.gateway.apps;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** An existing WebSocket app behind the gateway: echoes text frames and records each handshake it accepted. */
final class EchoWebSocketApp implements AutoCloseable {

    record Handshake(String uri, HttpHeaders headers) {
    }

    final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    private final DisposableServer server;

    EchoWebSocketApp() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/ws/**", (request, response) -> {
                    Handshake handshake = new Handshake(request.uri(), request.requestHeaders().copy());
                    return response.sendWebsocket((in, out) -> {
                        handshakes.add(handshake);
                        return out.sendString(in.receive().asString().map(text -> "echo:" + text));
                    });
                }))
                .bindNow();
    }

    String url() {
        return "ws://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
