package io.vidgate.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.openvidu.java.client.OpenVidu;
import io.vidgate.demo.page.StaticFiles;
import io.vidgate.demo.tokens.TokenApi;

/**
 * The demo's whole backend, on the JDK's HTTP server: the page and openvidu-browser ({@link StaticFiles}), and the
 * two token endpoints of the OpenVidu tutorials ({@link TokenApi}), which call Vidgate's internal listener with the
 * secret. The page never sees the secret.
 */
public final class DemoServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;

    private DemoServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Serves on {@code settings.host():settings.port()} (0: any free port) until {@link #close()}. */
    public static DemoServer start(DemoSettings settings) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        // openvidu-java-client blocks on its HTTP calls: a few workers, never the acceptor thread.
        ExecutorService workers = Executors.newFixedThreadPool(4);
        server.setExecutor(workers);
        server.createContext("/api/", new TokenApi(new OpenVidu(settings.openViduUrl().toString(), settings.secret())));
        server.createContext("/", new StaticFiles("static"));
        server.start();
        return new DemoServer(server, workers);
    }

    /** {@code http://localhost:<port>/}: what a developer opens (localhost is a secure context for the camera). */
    public URI url() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * {@code java -jar vidgate-demo-exec.jar [--host=127.0.0.1] [--port=5000] [--openvidu-url=http://127.0.0.1:5443]},
     * with the secret in {@code OPENVIDU_SECRET} (as in the OpenVidu tutorials; never on the command line).
     */
    public static void main(String[] args) throws IOException {
        DemoSettings settings;
        try {
            settings = DemoSettings.parse(args, Map.copyOf(System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("vidgate-demo: " + e.getMessage());
            System.err.println(DemoSettings.USAGE);
            System.exit(2);
            return;
        }
        DemoServer demo = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "vidgate-demo-shutdown"));
        System.out.println("Vidgate demo on " + demo.url() + " (tokens from " + settings.openViduUrl() + ")");
    }
}
