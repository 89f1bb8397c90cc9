package io.vidgate.gateway.turn;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The broker's {@code GET /openvidu/api/sessions/{s}/connection/{c}} on a real HTTP server, for gateway tests (the
 * broker itself lives in another module): 200 for the connections {@link #add}ed, 404 for the others, 401 without the
 * admin credentials, as the broker answers. Records the {@code Authorization} headers it got.
 */
final class BrokerConnectionsStandIn implements AutoCloseable {

    private static final Pattern CONNECTION = Pattern.compile("/openvidu/api/sessions/([^/]+)/connection/([^/]+)");

    private final HttpServer server;
    private final String expectedAuthorization;
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    BrokerConnectionsStandIn(String expectedAuthorization) throws IOException {
        this.expectedAuthorization = expectedAuthorization;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void add(String sessionId, String connectionId) {
        connections.add(sessionId + "/" + connectionId);
    }

    void remove(String sessionId, String connectionId) {
        connections.remove(sessionId + "/" + connectionId);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        Matcher path = CONNECTION.matcher(exchange.getRequestURI().getPath());
        int status;
        String body;
        if (!expectedAuthorization.equals(authorization)) {
            status = 401;
            body = "{\"status\":401}";
        } else if (path.matches() && exchange.getRequestMethod().equals("GET")
                && connections.contains(path.group(1) + "/" + path.group(2))) {
            status = 200;
            body = "{\"id\":\"" + path.group(2) + "\",\"object\":\"connection\",\"status\":\"active\"}";
        } else {
            status = 404;
            body = "{\"status\":404}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
