package io.vidgate.emulator.objects;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.vidgate.emulator.kmd.KmdModel;
import io.vidgate.emulator.rpc.JsonRpc;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Subscriptions and {@code onEvent} delivery. Like KMS, one handler exists per (session, object,
 * event type): a second subscription for the same triple gets its own id but the session still
 * receives each event once, since the Java client fans every event out to all its listeners.
 * Not thread-safe: guarded by the {@link MediaServer} lock.
 */
final class EventBus {

  private record Key(String objectId, String type) {}

  private record Subscription(Key key, String sessionId) {}

  private final KmdModel kmd;
  private final SessionLink link;
  /** (object, event type) → session → subscription ids. */
  private final Map<Key, Map<String, Set<String>>> handlers = new HashMap<>();
  private final Map<String, Subscription> bySubscription = new HashMap<>();
  /*
   * Subscription ids by object and by session, so that a release or a closed session forgets
   * only its own subscriptions: scanning all of them made every release O(subscriptions), and a
   * room's worth of releases quadratic.
   */
  private final Map<String, Set<String>> byObject = new HashMap<>();
  private final Map<String, Set<String>> bySession = new HashMap<>();

  EventBus(KmdModel kmd, SessionLink link) {
    this.kmd = kmd;
    this.link = link;
  }

  String subscribe(String sessionId, String objectId, String type) {
    String subscription = UUID.randomUUID().toString();
    Key key = new Key(objectId, type);
    handlers.computeIfAbsent(key, k -> new LinkedHashMap<>())
        .computeIfAbsent(sessionId, s -> new LinkedHashSet<>()).add(subscription);
    bySubscription.put(subscription, new Subscription(key, sessionId));
    byObject.computeIfAbsent(objectId, o -> new HashSet<>()).add(subscription);
    bySession.computeIfAbsent(sessionId, s -> new HashSet<>()).add(subscription);
    return subscription;
  }

  /** Unknown ids are ignored, as in KMS. */
  void unsubscribe(String subscription) {
    Subscription s = bySubscription.remove(subscription);
    if (s == null) {
      return;
    }
    removeFrom(byObject, s.key().objectId(), subscription);
    removeFrom(bySession, s.sessionId(), subscription);
    Map<String, Set<String>> sessions = handlers.get(s.key());
    if (sessions == null) {
      return;
    }
    removeFrom(sessions, s.sessionId(), subscription);
    if (sessions.isEmpty()) {
      handlers.remove(s.key());
    }
  }

  /** Removes a value from the set under a key, and the key once its set is empty. */
  private static void removeFrom(Map<String, Set<String>> index, String key, String value) {
    Set<String> values = index.get(key);
    if (values != null) {
      values.remove(value);
      if (values.isEmpty()) {
        index.remove(key);
      }
    }
  }

  void forgetObject(String objectId) {
    unsubscribeAll(byObject, objectId);
  }

  void forgetSession(String sessionId) {
    unsubscribeAll(bySession, sessionId);
  }

  /** Every subscription an index holds under that key (a copy: each unsubscribe edits the index). */
  private void unsubscribeAll(Map<String, Set<String>> index, String key) {
    Set<String> subscriptions = index.get(key);
    if (subscriptions != null) {
      List.copyOf(subscriptions).forEach(this::unsubscribe);
    }
  }

  void clear() {
    handlers.clear();
    bySubscription.clear();
    byObject.clear();
    bySession.clear();
  }

  int subscriptionCount() {
    return bySubscription.size();
  }

  /**
   * Raises an event on {@code source}: {@code fields} are the event's own properties; the
   * RaiseBase ones ({@code source}, {@code tags}, {@code timestampMillis}) and, for events that
   * extend Media, {@code type} are filled in unless given. Returns how many sessions got it.
   */
  int fire(MediaObjectImpl source, String type, JsonObject fields) {
    Map<String, Set<String>> sessions = handlers.get(new Key(source.id(), type));
    if (sessions == null || sessions.isEmpty()) {
      return 0;
    }
    JsonObject data = fields.deepCopy();
    data.addProperty("source", source.id());
    if (!data.has("tags")) {
      data.add("tags", source.sendTagsInEvents() ? source.tagsJson() : new JsonArray());
    }
    if (!data.has("timestampMillis")) {
      data.addProperty("timestampMillis", Long.toString(System.currentTimeMillis()));
    }
    if (!data.has("type") && kmd.isMediaEvent(type)) {
      data.addProperty("type", type);
    }
    JsonObject value = new JsonObject();
    value.add("data", data);
    value.addProperty("object", source.id());
    value.addProperty("type", type);
    JsonObject params = new JsonObject();
    params.add("value", value);
    String message = JsonRpc.write(JsonRpc.notification("onEvent", params));
    for (String sessionId : sessions.keySet()) {
      link.send(sessionId, message);
    }
    return sessions.size();
  }

  static JsonObject fields(Object... keyValues) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      String k = (String) keyValues[i];
      if (v instanceof JsonElement e) {
        o.add(k, e);
      } else if (v instanceof Number n) {
        o.addProperty(k, n);
      } else if (v instanceof Boolean b) {
        o.addProperty(k, b);
      } else {
        o.addProperty(k, String.valueOf(v));
      }
    }
    return o;
  }
}
