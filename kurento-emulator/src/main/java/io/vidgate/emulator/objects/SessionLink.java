package io.vidgate.emulator.objects;

/**
 * How the object world reaches clients: the transport knows which connection currently holds a
 * session (KMS binds a session to the connection of its latest answer).
 */
public interface SessionLink {

  /** Sends a message to the connection holding the session; dropped when none does. */
  void send(String sessionId, String message);

  /** Whether a live connection holds the session (it is then never garbage-collected). */
  boolean connected(String sessionId);
}
