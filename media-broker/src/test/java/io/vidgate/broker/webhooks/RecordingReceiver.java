package io.vidgate.broker.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A webhook receiver on a real socket (the JDK's HTTP server, or its HTTPS one): records every POST and answers
 * from a script (200 once the script is used up). It can be stopped and started again on the same port, as a
 * receiver that goes down and comes back.
 */
final class RecordingReceiver implements AutoCloseable {

    record Request(Map<String, String> headers, String body, long receivedAtNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** @param trickle a 200 whose body comes one byte every 100 ms for 10 s */
    record Answer(int status, Map<String, String> headers, boolean trickle) {
        Answer(int status, Map<String, String> headers) {
            this(status, headers, false);
        }

        static Answer of(int status) {
            return new Answer(status, Map.of());
        }

        static Answer trickling() {
            return new Answer(200, Map.of(), true);
        }
    }

    private final int port;
    private final SSLContext tls;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile String refused;
    private HttpServer server;

    private RecordingReceiver(int port, SSLContext tls) {
        this.port = port;
        this.tls = tls;
    }

    /** An HTTP receiver, not listening yet (down) on a free port. */
    static RecordingReceiver http() throws IOException {
        return new RecordingReceiver(freePort(), null);
    }

    /** An HTTPS receiver with this server TLS context, not listening yet. */
    static RecordingReceiver https(SSLContext tls) throws IOException {
        return new RecordingReceiver(freePort(), tls);
    }

    URI endpoint() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/webhook?token=t0ps3cret");
    }

    /** The next answers, in order; then 200. */
    RecordingReceiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers 500 to every request whose body contains {@code fragment}, whatever the script says. */
    RecordingReceiver refuse(String fragment) {
        refused = fragment;
        return this;
    }

    synchronized RecordingReceiver up() throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        // A handler per request, as real servers: a trickling answer does not hold the next request.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return this;
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    List<Request> awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return requests();
    }

    @Override
    public void close() {
        down();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        requests.add(new Request(headers, body, System.nanoTime()));
        Answer answer = refused != null && body.contains(refused) ? Answer.of(500) : script.poll();
        if (answer == null) {
            answer = Answer.of(200);
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (answer.trickle()) {
            trickle(exchange);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), -1);
        exchange.close();
    }

    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 100; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
