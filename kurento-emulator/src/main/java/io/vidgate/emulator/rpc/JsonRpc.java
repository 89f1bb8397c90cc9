package io.vidgate.emulator.rpc;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON-RPC 2.0 messages as KMS writes them: compact, keys sorted alphabetically (jsoncpp), no
 * HTML escaping (SDP is full of {@code =}).
 */
public final class JsonRpc {

  public static final String VERSION = "2.0";

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
      .create();

  private JsonRpc() {}

  public static Gson gson() {
    return GSON;
  }

  public static String write(JsonElement message) {
    return GSON.toJson(sorted(message));
  }

  public static JsonObject success(JsonElement id, JsonElement result) {
    JsonObject response = new JsonObject();
    response.add("id", id == null ? JsonNull.INSTANCE : id);
    response.addProperty("jsonrpc", VERSION);
    response.add("result", result == null ? JsonNull.INSTANCE : result);
    return response;
  }

  public static JsonObject error(JsonElement id, KmsException e) {
    JsonObject response = new JsonObject();
    response.add("error", e.toJson());
    response.add("id", id == null ? JsonNull.INSTANCE : id);
    response.addProperty("jsonrpc", VERSION);
    return response;
  }

  public static JsonObject notification(String method, JsonElement params) {
    JsonObject message = new JsonObject();
    message.addProperty("jsonrpc", VERSION);
    message.addProperty("method", method);
    message.add("params", params);
    return message;
  }

  /** A deep copy with every object's keys in alphabetical order. */
  static JsonElement sorted(JsonElement e) {
    if (e == null) {
      return JsonNull.INSTANCE;
    }
    if (e.isJsonObject()) {
      List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(e.getAsJsonObject().entrySet());
      entries.sort(Map.Entry.comparingByKey());
      JsonObject out = new JsonObject();
      entries.forEach(en -> out.add(en.getKey(), sorted(en.getValue())));
      return out;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(v -> out.add(sorted(v)));
      return out;
    }
    return e;
  }

  /** A string member of {@code o}, or null when absent, null or not a string. */
  public static String string(JsonObject o, String key) {
    if (o == null) {
      return null;
    }
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? e.getAsString() : null;
  }
}
