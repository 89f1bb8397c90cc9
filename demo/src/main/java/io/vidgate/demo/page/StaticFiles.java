package io.vidgate.demo.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The page, its script and style, and openvidu-browser's bundle, from a folder of the classpath ({@code /} is
 * {@code index.html}). Only plain file names under that folder are served: no {@code ..}, no directory listing.
 */
public final class StaticFiles implements HttpHandler {

    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final String folder;

    /** @param folder the classpath folder, e.g. {@code static} */
    public StaticFiles(String folder) {
        this.folder = folder;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                path = "/index.html";
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String type = TYPES.get(path.substring(path.lastIndexOf('.') + 1));
            InputStream file = SAFE_PATH.matcher(path).matches() && type != null
                    ? StaticFiles.class.getClassLoader().getResourceAsStream(folder + path) : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (file) {
                byte[] body = file.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                exchange.sendResponseHeaders(200, "HEAD".equals(method) ? -1 : body.length);
                if (!"HEAD".equals(method)) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }
}
