package io.vidgate.emulator.objects;

import com.google.gson.JsonObject;

/** One {@code source.connect(sink, type, sourceDescription, sinkDescription)} link. */
record ElementConnection(MediaElementImpl source, MediaElementImpl sink, MediaType type,
    String sourceDescription, String sinkDescription) {

  /** The kmd complex type {@code ElementConnectionData}. */
  JsonObject toJson() {
    JsonObject o = Complex.of("ElementConnectionData");
    o.addProperty("sink", sink.id());
    o.addProperty("sinkDescription", sinkDescription);
    o.addProperty("source", source.id());
    o.addProperty("sourceDescription", sourceDescription);
    o.addProperty("type", type.name());
    return o;
  }
}
