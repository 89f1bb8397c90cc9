package io.vidgate.emulator.objects;

import com.google.gson.JsonObject;

/**
 * Complex values on the wire carry {@code __module__} and {@code __type__}; the Java client drops
 * anything without them (NullPointerException "typeName must not be null").
 */
final class Complex {

  static final String MODULE = "kurento";

  private Complex() {}

  static JsonObject of(String type) {
    JsonObject o = new JsonObject();
    o.addProperty("__module__", MODULE);
    o.addProperty("__type__", type);
    return o;
  }
}
