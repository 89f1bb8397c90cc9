package io.vidgate.emulator.objects;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live objects and the sessions referencing them, as KMS's {@code MediaSet} keeps them: a
 * session references every object it created or touched (and their parents); an object nobody
 * references any more is destroyed. Not thread-safe: guarded by the {@link MediaServer} lock.
 */
final class MediaSet {

  private final Map<String, MediaObjectImpl> objects = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  /** Object id → ids of the sessions referencing it. */
  private final Map<String, Set<String>> holders = new HashMap<>();

  MediaObjectImpl get(String id) {
    return objects.get(id);
  }

  void add(MediaObjectImpl object) {
    objects.put(object.id(), object);
  }

  void remove(MediaObjectImpl object) {
    objects.remove(object.id());
    Set<String> held = holders.remove(object.id());
    if (held != null) {
      for (String sessionId : held) {
        Session s = sessions.get(sessionId);
        if (s != null) {
          s.refs.remove(object.id());
        }
      }
    }
  }

  Collection<MediaObjectImpl> all() {
    return objects.values();
  }

  Session session(String id) {
    return sessions.get(id);
  }

  Collection<Session> sessions() {
    return sessions.values();
  }

  /** KMS's keepAliveSession(id, create=true): any id a client uses becomes a live session. */
  Session touchSession(String id, Instant now) {
    Session s = sessions.computeIfAbsent(id, k -> new Session(k, now));
    s.lastSeen = now;
    return s;
  }

  /** References the object and its ancestors from the session. */
  void ref(String sessionId, MediaObjectImpl object, Instant now) {
    Session s = touchSession(sessionId, now);
    for (MediaObjectImpl o = object; o != null; o = o.parent()) {
      if (o.isServerManager()) {
        continue;
      }
      s.refs.add(o.id());
      holders.computeIfAbsent(o.id(), k -> new LinkedHashSet<>()).add(sessionId);
    }
  }

  void unref(String sessionId, MediaObjectImpl object) {
    Session s = sessions.get(sessionId);
    if (s != null) {
      s.refs.remove(object.id());
    }
    Set<String> held = holders.get(object.id());
    if (held != null) {
      held.remove(sessionId);
    }
  }

  boolean referenced(MediaObjectImpl object) {
    Set<String> held = holders.get(object.id());
    return held != null && !held.isEmpty();
  }

  /** Forgets a session; returns the objects it referenced, in reference order. */
  List<MediaObjectImpl> removeSession(String id) {
    Session s = sessions.remove(id);
    List<MediaObjectImpl> out = new ArrayList<>();
    if (s == null) {
      return out;
    }
    for (String objectId : s.refs) {
      Set<String> held = holders.get(objectId);
      if (held != null) {
        held.remove(id);
      }
      MediaObjectImpl o = objects.get(objectId);
      if (o != null) {
        out.add(o);
      }
    }
    return out;
  }

  void clear() {
    objects.clear();
    sessions.clear();
    holders.clear();
  }
}
