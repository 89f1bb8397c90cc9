package io.vidgate.emulator.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A bare JSON-RPC WebSocket client, to look at the exact frames the emulator sends. */
public final class RawKmsClient implements AutoCloseable {

  private final WebSocket socket;
  private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();

  public RawKmsClient(String uri) {
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create(uri), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String text = partial.toString();
              partial.setLength(0);
              JsonObject o = JsonParser.parseString(text).getAsJsonObject();
              if ("onEvent".equals(o.has("method") ? o.get("method").getAsString() : null)) {
                events.add(o);
              } else {
                responses.add(text);
              }
            }
            ws.request(1);
            return null;
          }
        }).join();
  }

  /** Sends a raw text frame. */
  public void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** Sends a request with the next id and returns the raw answer text. */
  public String callRaw(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    JsonObject request = new JsonObject();
    request.addProperty("id", id);
    request.addProperty("method", method);
    if (params != null) {
      request.add("params", params);
    }
    request.addProperty("jsonrpc", "2.0");
    sendText(request.toString());
    return nextRaw();
  }

  public JsonObject call(String method, JsonObject params) {
    return JsonParser.parseString(callRaw(method, params)).getAsJsonObject();
  }

  /** Calls and returns {@code result}, failing on an error answer. */
  public JsonObject result(String method, JsonObject params) {
    JsonObject answer = call(method, params);
    if (answer.has("error")) {
      throw new AssertionError(method + " failed: " + answer);
    }
    return answer.getAsJsonObject("result");
  }

  public String nextRaw() {
    try {
      // An answer is expected: wait long enough for a 2-core CI machine under load (5 s was seen to be too short).
      String text = responses.poll(15, TimeUnit.SECONDS);
      if (text == null) {
        throw new AssertionError("no answer within 15 s");
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next answer, or null when none comes within the time. */
  public String pollRaw(Duration wait) throws InterruptedException {
    return responses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public JsonObject nextEvent(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static JsonObject params(Object... keyValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      if (v instanceof JsonElement e) {
        o.add((String) keyValues[i], e);
      } else if (v instanceof Number n) {
        o.addProperty((String) keyValues[i], n);
      } else if (v instanceof Boolean b) {
        o.addProperty((String) keyValues[i], b);
      } else {
        o.addProperty((String) keyValues[i], (String) v);
      }
    }
    return o;
  }

  @Override
  public void close() {
    socket.abort();
  }
}
