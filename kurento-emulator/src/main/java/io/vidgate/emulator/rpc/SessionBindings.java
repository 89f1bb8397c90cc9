package io.vidgate.emulator.rpc;

import io.vidgate.emulator.objects.SessionLink;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection holds which session. KMS keeps one session per connection and one connection
 * per session, rebinding after every answer that carries a {@code sessionId}; events of a session
 * go to its current connection, or nowhere.
 */
public final class SessionBindings implements SessionLink {

  private final Map<String, RpcConnection> bySession = new ConcurrentHashMap<>();
  private final Set<RpcConnection> connections = ConcurrentHashMap.newKeySet();

  void opened(RpcConnection connection) {
    connections.add(connection);
  }

  void closed(RpcConnection connection) {
    connection.closed();
    connections.remove(connection);
    String session = connection.boundSession;
    if (session != null) {
      bySession.remove(session, connection);
    }
  }

  void bind(String sessionId, RpcConnection connection) {
    String previous = connection.boundSession;
    if (previous != null && !previous.equals(sessionId)) {
      bySession.remove(previous, connection);
    }
    connection.boundSession = sessionId;
    bySession.put(sessionId, connection);
  }

  @Override
  public void send(String sessionId, String message) {
    RpcConnection c = bySession.get(sessionId);
    if (c != null) {
      c.send(message);
    }
  }

  @Override
  public boolean connected(String sessionId) {
    RpcConnection c = bySession.get(sessionId);
    return c != null && c.isOpen();
  }

  public int connectionCount() {
    return connections.size();
  }

  /** Drops every connection (no close frames); returns how many there were. */
  public int dropAll() {
    List<RpcConnection> all = List.copyOf(connections);
    all.forEach(RpcConnection::drop);
    return all.size();
  }

  /** Forgets every binding (a restarted server knows no sessions). */
  public void forgetSessions() {
    bySession.clear();
    connections.forEach(c -> c.boundSession = null);
  }
}
