package io.vidgate.emulator.objects;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A KMS session: the objects it holds a reference on, and when it was last seen alive. */
final class Session {

  final String id;
  final Set<String> refs = new LinkedHashSet<>();
  Instant lastSeen;

  Session(String id, Instant now) {
    this.id = id;
    this.lastSeen = now;
  }
}
