package io.vidgate.demo.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.openvidu.java.client.ConnectionProperties;
import io.openvidu.java.client.OpenVidu;
import io.openvidu.java.client.OpenViduHttpException;
import io.openvidu.java.client.OpenViduJavaClientException;
import io.openvidu.java.client.OpenViduRole;
import io.openvidu.java.client.Session;
import io.openvidu.java.client.SessionProperties;

/**
 * The application server of the OpenVidu tutorials ({@code openvidu-basic-java}), against Vidgate's internal
 * listener with {@code openvidu-java-client}:
 * <ul>
 * <li>{@code POST /api/sessions {"customSessionId": S}} → the session id, as text (the session is created if
 * absent);</li>
 * <li>{@code POST /api/sessions/S/connections} → a connection token for S, as text.</li>
 * </ul>
 * Unlike the tutorial, the page cannot choose its role or any other connection property: every caller gets a
 * PUBLISHER token. A real app would check who its user is first; the demo trusts anyone who can reach it.
 */
public final class TokenApi implements HttpHandler {

    private static final Logger log = Logger.getLogger(TokenApi.class.getName());
    /** What Vidgate accepts as a custom session id. */
    private static final Pattern SESSION_ID = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
    private static final Pattern CONNECTIONS = Pattern.compile("/api/sessions/([^/]+)/connections");
    private static final int MAX_BODY = 4096;

    private final OpenVidu openVidu;

    public TokenApi(OpenVidu openVidu) {
        this.openVidu = openVidu;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            Matcher connections = CONNECTIONS.matcher(path);
            if (!path.equals("/api/sessions") && !connections.matches()) {
                reply(exchange, 404, "Not found");
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, "Method not allowed");
            } else {
                String sessionId = connections.matches() ? connections.group(1) : customSessionId(exchange.getRequestBody());
                if (sessionId == null || !SESSION_ID.matcher(sessionId).matches()) {
                    throw new BadRequest("A session name is 1 to 128 letters, digits, '-' or '_'");
                }
                Session session = session(sessionId);
                reply(exchange, 200, connections.matches()
                        ? session.createConnection(new ConnectionProperties.Builder().role(OpenViduRole.PUBLISHER).build()).getToken()
                        : session.getSessionId());
            }
        } catch (BadRequest e) {
            reply(exchange, 400, e.getMessage());
        } catch (OpenViduHttpException e) {
            log.warning("Vidgate answered " + e.getStatus());
            reply(exchange, e.getStatus() == 429 ? 429 : 502, "Vidgate answered " + e.getStatus());
        } catch (OpenViduJavaClientException e) {
            log.log(Level.WARNING, "Vidgate could not be reached", e);
            reply(exchange, 502, "Vidgate could not be reached");
        } finally {
            exchange.close();
        }
    }

    /** The session named {@code sessionId}: created if absent, fetched if it exists (openvidu-java-client does that on 409). */
    private Session session(String sessionId) throws OpenViduJavaClientException, OpenViduHttpException {
        return openVidu.createSession(new SessionProperties.Builder().customSessionId(sessionId).build());
    }

    private static String customSessionId(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
            throw new BadRequest("Body too large");
        }
        try {
            JsonElement json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
            JsonElement id = json.isJsonObject() ? ((JsonObject) json).get("customSessionId") : null;
            return id != null && id.isJsonPrimitive() ? id.getAsString() : null;
        } catch (JsonParseException e) {
            throw new BadRequest("Body is not JSON");
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Bad input from the page: 400 with this message. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
