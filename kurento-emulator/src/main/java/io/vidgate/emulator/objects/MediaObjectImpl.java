package io.vidgate.emulator.objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.vidgate.emulator.kmd.ComplexTypeDef;
import io.vidgate.emulator.kmd.Operation;
import io.vidgate.emulator.kmd.PrimitiveType;
import io.vidgate.emulator.kmd.PropertyDef;
import io.vidgate.emulator.kmd.RemoteClassDef;
import io.vidgate.emulator.kmd.TypeRef;
import io.vidgate.emulator.rpc.KmsError;
import io.vidgate.emulator.rpc.KmsException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A media object of any kmd class. The generic behaviour covers what every class has (id, name,
 * parent, children, tags) and any property: a setter stores the value, a getter returns it or the
 * KMS default. Subclasses add the behaviour of the classes the broker uses. A method with a
 * return value that no subclass implements answers 40111 instead of inventing a value.
 *
 * <p>All methods run under the {@link MediaServer} lock.
 */
public class MediaObjectImpl {

  /** Defaults KMS documents for properties, by declaring class. */
  private static final Map<String, JsonElement> DEFAULTS = Map.of(
      "MediaElement.encoderBitrate", new JsonPrimitive(300000),
      "BaseRtpEndpoint.minVideoSendBandwidth", new JsonPrimitive(100),
      "BaseRtpEndpoint.maxVideoSendBandwidth", new JsonPrimitive(500),
      "BaseRtpEndpoint.mtu", new JsonPrimitive(1200),
      "WebRtcEndpoint.iceTcp", new JsonPrimitive(true),
      "WebRtcEndpoint.stunServerPort", new JsonPrimitive(3478));

  /**
   * The order in which a pipeline lists its elements ({@link MediaPipelineImpl#elements}):
   * depth first over children, each parent's children in creation order. Compares the creation
   * sequences along the two objects' paths from the top.
   */
  static final Comparator<MediaObjectImpl> PIPELINE_ORDER = (a, b) -> {
    long[] pa = a.path();
    long[] pb = b.path();
    return Arrays.compare(pa, pb);
  };

  /** Everything a constructor needs; built by {@link MediaServer#create}. */
  record Init(MediaServer server, String id, RemoteClassDef type, MediaObjectImpl parent,
      MediaPipelineImpl pipeline, JsonObject constructorParams) {}

  protected final MediaServer server;
  private final String id;
  private final RemoteClassDef type;
  private final MediaObjectImpl parent;
  private final MediaPipelineImpl pipeline;
  private final long creationTime = System.currentTimeMillis() / 1000;
  /** Creation order within the server; see {@link #PIPELINE_ORDER}. */
  private final long sequence;
  /** In creation order; a set since a release removes one child from among many. */
  private final Set<MediaObjectImpl> children = new LinkedHashSet<>();
  private final Map<String, String> tags = new LinkedHashMap<>();
  /** Values of properties without dedicated behaviour, constructor params included. */
  protected final Map<String, JsonElement> properties = new HashMap<>();
  private String name;
  private boolean sendTagsInEvents;
  private boolean released;

  MediaObjectImpl(Init init) {
    this.server = init.server();
    this.id = init.id();
    this.type = init.type();
    this.parent = init.parent();
    this.pipeline = init.pipeline();
    this.sequence = init.server().nextSequence();
    init.constructorParams().entrySet().forEach(e -> properties.put(e.getKey(), e.getValue()));
  }

  public String id() {
    return id;
  }

  /** The kmd class name, e.g. {@code WebRtcEndpoint}. */
  public String type() {
    return type.name();
  }

  public MediaObjectImpl parent() {
    return parent;
  }

  public MediaPipelineImpl pipeline() {
    return pipeline;
  }

  public String name() {
    return name != null ? name : id;
  }

  Set<MediaObjectImpl> children() {
    return children;
  }

  /** Creation sequences from the topmost ancestor down to this object. */
  private long[] path() {
    int depth = 0;
    for (MediaObjectImpl o = this; o != null; o = o.parent) {
      depth++;
    }
    long[] out = new long[depth];
    for (MediaObjectImpl o = this; o != null; o = o.parent) {
      out[--depth] = o.sequence;
    }
    return out;
  }

  boolean released() {
    return released;
  }

  boolean isServerManager() {
    return false;
  }

  boolean sendTagsInEvents() {
    return sendTagsInEvents;
  }

  JsonArray tagsJson() {
    JsonArray out = new JsonArray();
    tags.forEach((k, v) -> {
      JsonObject tag = Complex.of("Tag");
      tag.addProperty("key", k);
      tag.addProperty("value", v);
      out.add(tag);
    });
    return out;
  }

  /** Runs an operation whose parameters were validated against the kmd (defaults filled in). */
  public Reply invoke(Operation op, JsonObject params, CallContext ctx) {
    return switch (op.kind()) {
      case GETTER -> Reply.of(get(op.property()));
      case SETTER -> {
        set(op.property(), params.get(op.property().name()), ctx);
        yield Reply.VOID;
      }
      case METHOD -> call(op, params, ctx);
    };
  }

  protected JsonElement get(PropertyDef property) {
    return switch (property.name()) {
      case "id" -> new JsonPrimitive(id);
      case "name" -> new JsonPrimitive(name());
      case "mediaPipeline" ->
          pipeline() == null ? JsonNull.INSTANCE : new JsonPrimitive(pipeline().id());
      case "parent" -> parent == null ? JsonNull.INSTANCE : new JsonPrimitive(parent.id);
      case "children" -> {
        JsonArray out = new JsonArray();
        children.forEach(c -> out.add(c.id));
        yield out;
      }
      case "sendTagsInEvents" -> new JsonPrimitive(sendTagsInEvents);
      case "creationTime" -> new JsonPrimitive(creationTime);
      default -> stored(property);
    };
  }

  protected void set(PropertyDef property, JsonElement value, CallContext ctx) {
    switch (property.name()) {
      case "name" -> name = value.getAsString();
      case "sendTagsInEvents" -> sendTagsInEvents = value.getAsBoolean();
      default -> properties.put(property.name(), value);
    }
  }

  /** A stored value, else KMS's documented default, else the zero value of the kmd type. */
  protected JsonElement stored(PropertyDef property) {
    JsonElement v = properties.get(property.name());
    if (v != null) {
      return v;
    }
    for (RemoteClassDef c : server.kmd().hierarchy(type.name())) {
      JsonElement d = DEFAULTS.get(c.name() + "." + property.name());
      if (d != null) {
        return d;
      }
    }
    JsonElement zero = zeroValue(property.type());
    if (zero == null) {
      throw notEmulated("get" + property.name());
    }
    return zero;
  }

  /** 0, false, "", [] or an enum's first value (DISCONNECTED, STOP…); null for structures. */
  private JsonElement zeroValue(TypeRef t) {
    if (!t.isSingle()) {
      return t.shape() == TypeRef.Shape.LIST ? new JsonArray() : new JsonObject();
    }
    PrimitiveType p = PrimitiveType.of(t.base());
    if (p != null) {
      return switch (p) {
        case STRING -> new JsonPrimitive("");
        case BOOLEAN -> new JsonPrimitive(false);
        default -> new JsonPrimitive(0);
      };
    }
    ComplexTypeDef complex = server.kmd().complexType(t.base());
    if (complex != null && complex.isEnum()) {
      return new JsonPrimitive(complex.values().get(0));
    }
    return null;
  }

  protected Reply call(Operation op, JsonObject params, CallContext ctx) {
    switch (op.name()) {
      case "addTag" -> {
        tags.put(params.get("key").getAsString(), params.get("value").getAsString());
        return Reply.VOID;
      }
      case "removeTag" -> {
        tags.remove(params.get("key").getAsString());
        return Reply.VOID;
      }
      case "getTag" -> {
        String value = tags.get(params.get("key").getAsString());
        if (value == null) {
          throw KmsError.MEDIA_OBJECT_TAG_KEY_NOT_FOUND.exception("Tag key not found");
        }
        return Reply.of(new JsonPrimitive(value));
      }
      case "getTags" -> {
        return Reply.of(tagsJson());
      }
      default -> {
        if (op.returnType() == null) {
          return Reply.VOID; // accepted and ignored: no media behind it
        }
        throw notEmulated(op.name());
      }
    }
  }

  protected KmsException notEmulated(String operation) {
    return KmsError.MEDIA_OBJECT_OPERATION_NOT_SUPPORTED.exception(
        "Operation '" + operation + "' of " + type.name() + " is not emulated");
  }

  /** Raises an event on this object (to the sessions subscribed to it). */
  protected void fire(String event, JsonObject fields) {
    server.events().fire(this, event, fields);
  }

  /** Called once, after the children were released and before the object is forgotten. */
  protected void onRelease() {}

  /**
   * The emulated server dies ({@link MediaServer#restart}): frees what the object holds, as a
   * crash would, without finishing anything. By default the same as a release.
   */
  protected void onServerLoss() {
    onRelease();
  }

  final void markReleased() {
    released = true;
  }
}
