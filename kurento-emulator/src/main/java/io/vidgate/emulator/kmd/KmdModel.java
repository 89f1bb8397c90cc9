package io.vidgate.emulator.kmd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kurento API as the real media server knows it: the remote classes, complex types and events
 * of the {@code *.kmd.json} files shipped in the {@code org.kurento:kms-api-*} jars. Every request
 * the emulator accepts is checked against this model, so the emulator and a real KMS of the same
 * version agree on which calls exist and what their parameters are.
 */
public final class KmdModel {

  /** The modules a stock KMS 7 loads, in the order it lists them in ServerInfo. */
  public static final List<String> STOCK_MODULES = List.of("core", "elements", "filters");

  private static final String RESOURCE = "META-INF/kurento/%s.kmd.json";

  private final String namespace;
  private final List<KmdModule> modules = new ArrayList<>();
  private final Map<String, RemoteClassDef> classes = new LinkedHashMap<>();
  private final Map<String, ComplexTypeDef> types = new LinkedHashMap<>();
  private final Map<String, EventDef> events = new LinkedHashMap<>();
  /*
   * Memos of the lookups every request makes (its class's hierarchy, the operation it invokes):
   * resolving an operation built a getter and a setter for each property on the way. Only names
   * the model knows are memoized, so clients sending unknown names cannot grow them.
   */
  private final Map<String, List<RemoteClassDef>> hierarchies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Operation>> operations = new ConcurrentHashMap<>();

  private KmdModel(String namespace) {
    this.namespace = namespace;
  }

  /**
   * The stock model: core and elements (required) and filters (when on the class path), loaded
   * once per class loader. The model is immutable, so emulators share it.
   */
  public static KmdModel stock() {
    return Stock.MODEL;
  }

  private static final class Stock {
    static final KmdModel MODEL = load();
  }

  private static KmdModel load() {
    KmdModel model = null;
    ClassLoader cl = KmdModel.class.getClassLoader();
    for (String name : STOCK_MODULES) {
      String json = read(cl, String.format(RESOURCE, name));
      if (json == null) {
        if (!name.equals("filters")) {
          throw new IllegalStateException("Missing " + String.format(RESOURCE, name)
              + ": org.kurento:kms-api-" + name + " must be on the class path");
        }
        continue;
      }
      JsonObject root = JsonParser.parseString(json).getAsJsonObject();
      if (model == null) {
        model = new KmdModel(root.getAsJsonObject("code").getAsJsonObject("implementation")
            .get("cppNamespace").getAsString());
      }
      model.add(root, json);
    }
    return model;
  }

  private static String read(ClassLoader cl, String resource) {
    try (InputStream in = cl.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void add(JsonObject root, String rawJson) {
    String module = root.get("name").getAsString();
    List<String> factories = new ArrayList<>();
    for (JsonElement e : array(root, "remoteClasses")) {
      RemoteClassDef def = parseClass(e.getAsJsonObject(), module);
      classes.put(def.name(), def);
      if (def.creatable()) {
        factories.add(def.name());
      }
    }
    for (JsonElement e : array(root, "complexTypes")) {
      ComplexTypeDef def = parseType(e.getAsJsonObject());
      types.put(def.name(), def);
    }
    for (JsonElement e : array(root, "events")) {
      JsonObject o = e.getAsJsonObject();
      events.put(o.get("name").getAsString(), new EventDef(o.get("name").getAsString(),
          string(o, "extends"), properties(o)));
    }
    modules.add(new KmdModule(module, root.get("version").getAsString(), rawJson,
        List.copyOf(factories)));
  }

  private static RemoteClassDef parseClass(JsonObject o, String module) {
    List<ParamDef> ctor = o.has("constructor")
        ? params(o.getAsJsonObject("constructor")) : null;
    List<MethodDef> methods = new ArrayList<>();
    for (JsonElement m : array(o, "methods")) {
      JsonObject mo = m.getAsJsonObject();
      TypeRef ret = mo.has("return")
          ? TypeRef.parse(mo.getAsJsonObject("return").get("type").getAsString()) : null;
      methods.add(new MethodDef(mo.get("name").getAsString(), params(mo), ret));
    }
    List<String> ev = new ArrayList<>();
    array(o, "events").forEach(e -> ev.add(e.getAsString()));
    return new RemoteClassDef(o.get("name").getAsString(), module, string(o, "extends"),
        bool(o, "abstract"), ctor, List.copyOf(methods), properties(o), List.copyOf(ev));
  }

  private static ComplexTypeDef parseType(JsonObject o) {
    boolean isEnum = "ENUM".equals(string(o, "typeFormat"));
    List<String> values = new ArrayList<>();
    array(o, "values").forEach(v -> values.add(v.getAsString()));
    List<ParamDef> fields = new ArrayList<>();
    for (JsonElement p : array(o, "properties")) {
      fields.add(param(p.getAsJsonObject()));
    }
    return new ComplexTypeDef(o.get("name").getAsString(), isEnum, List.copyOf(values),
        string(o, "extends"), List.copyOf(fields));
  }

  private static List<ParamDef> params(JsonObject owner) {
    List<ParamDef> out = new ArrayList<>();
    for (JsonElement p : array(owner, "params")) {
      out.add(param(p.getAsJsonObject()));
    }
    return List.copyOf(out);
  }

  private static ParamDef param(JsonObject p) {
    return new ParamDef(p.get("name").getAsString(), TypeRef.parse(p.get("type").getAsString()),
        bool(p, "optional"), p.get("defaultValue"));
  }

  private static List<PropertyDef> properties(JsonObject owner) {
    List<PropertyDef> out = new ArrayList<>();
    for (JsonElement e : array(owner, "properties")) {
      JsonObject p = e.getAsJsonObject();
      out.add(new PropertyDef(p.get("name").getAsString(),
          TypeRef.parse(p.get("type").getAsString()), bool(p, "readOnly"), bool(p, "final")));
    }
    return List.copyOf(out);
  }

  private static JsonArray array(JsonObject o, String key) {
    return o.has(key) && o.get(key).isJsonArray() ? o.getAsJsonArray(key) : new JsonArray();
  }

  private static String string(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
  }

  private static boolean bool(JsonObject o, String key) {
    return o.has(key) && o.get(key).getAsBoolean();
  }

  // ---------------------------------------------------------------------------------------------

  /** The module prefix of object ids and qualified types: {@code kurento}. */
  public String namespace() {
    return namespace;
  }

  public List<KmdModule> modules() {
    return Collections.unmodifiableList(modules);
  }

  public RemoteClassDef remoteClass(String name) {
    return classes.get(name);
  }

  public ComplexTypeDef complexType(String name) {
    return types.get(name);
  }

  public EventDef event(String name) {
    return events.get(name);
  }

  /** The class and its ancestors, the class itself first, {@code MediaObject} last. */
  public List<RemoteClassDef> hierarchy(String className) {
    if (className == null || !classes.containsKey(className)) {
      return List.of();
    }
    return hierarchies.computeIfAbsent(className, name -> {
      List<RemoteClassDef> out = new ArrayList<>();
      for (RemoteClassDef c = classes.get(name); c != null; c = classes.get(c.parent())) {
        out.add(c);
      }
      return List.copyOf(out);
    });
  }

  public boolean isA(String className, String ancestor) {
    return hierarchy(className).stream().anyMatch(c -> c.name().equals(ancestor));
  }

  /**
   * Resolves an operation name the way KMS's generated invoke code does: declared methods first,
   * then generated property getters and setters, searching from the class up to MediaObject.
   */
  public Operation findOperation(String className, String operation) {
    Map<String, Operation> known = !classes.containsKey(className) ? null
        : operations.computeIfAbsent(className, c -> new ConcurrentHashMap<>());
    Operation found = known == null ? null : known.get(operation);
    if (found == null) {
      found = resolveOperation(className, operation);
      if (found != null) {
        known.put(operation, found);
      }
    }
    return found;
  }

  private Operation resolveOperation(String className, String operation) {
    for (RemoteClassDef c : hierarchy(className)) {
      for (MethodDef m : c.methods()) {
        if (m.name().equals(operation)) {
          return Operation.method(c.name(), m);
        }
      }
      for (PropertyDef p : c.properties()) {
        Operation getter = Operation.getter(c.name(), p);
        if (getter.name().equals(operation)) {
          return getter;
        }
        if (p.writable()) {
          Operation setter = Operation.setter(c.name(), p);
          if (setter.name().equals(operation)) {
            return setter;
          }
        }
      }
    }
    return null;
  }

  /** The property declared by the class or an ancestor, or null. */
  public PropertyDef findProperty(String className, String property) {
    for (RemoteClassDef c : hierarchy(className)) {
      for (PropertyDef p : c.properties()) {
        if (p.name().equals(property)) {
          return p;
        }
      }
    }
    return null;
  }

  public boolean supportsEvent(String className, String eventName) {
    return hierarchy(className).stream().anyMatch(c -> c.events().contains(eventName));
  }

  /** All properties of an event, inherited ones ({@code source}, {@code timestampMillis}…) first. */
  public List<PropertyDef> eventProperties(String eventName) {
    List<List<PropertyDef>> chain = new ArrayList<>();
    for (EventDef e = events.get(eventName); e != null; e = events.get(e.parent())) {
      chain.add(0, e.properties());
    }
    List<PropertyDef> out = new ArrayList<>();
    chain.forEach(out::addAll);
    return out;
  }

  /** Whether the event extends {@code Media}, i.e. carries {@code type} = its own name. */
  public boolean isMediaEvent(String eventName) {
    for (EventDef e = events.get(eventName); e != null; e = events.get(e.parent())) {
      if (e.name().equals("Media")) {
        return true;
      }
    }
    return false;
  }

  /** {@code kurento.WebRtcEndpoint}. */
  public String qualified(String className) {
    return namespace + "." + className;
  }
}
