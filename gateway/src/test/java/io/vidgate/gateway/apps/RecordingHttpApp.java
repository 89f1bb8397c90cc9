package io.vidgate.gateway.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** An existing app behind the gateway: a plain JDK HTTP server that records every request it receives. */
final class RecordingHttpApp implements AutoCloseable {

    record Received(String method, URI uri, Headers headers) {
    }

    final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
    private final HttpServer server;

    RecordingHttpApp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders()));
            byte[] body = "{\"app\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
