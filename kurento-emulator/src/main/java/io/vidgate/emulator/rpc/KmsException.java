package io.vidgate.emulator.rpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** An error KMS would answer with: code, message and the {@code data} member (or none). */
public final class KmsException extends RuntimeException {

  private final int code;
  private final transient JsonElement data;

  public KmsException(KmsError error, String message) {
    this(error.code(), message, typeData(error.type()));
  }

  public KmsException(int code, String message, JsonElement data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  public static JsonElement typeData(String type) {
    if (type == null) {
      return null;
    }
    JsonObject data = new JsonObject();
    data.addProperty("type", type);
    return data;
  }

  public int code() {
    return code;
  }

  /** Null when the error has no {@code data} member. */
  public JsonElement data() {
    return data;
  }

  /** The JSON-RPC {@code error} member, keys as KMS writes them. */
  public JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    if (data != null) {
      error.add("data", data);
    }
    error.addProperty("message", getMessage());
    return error;
  }
}
