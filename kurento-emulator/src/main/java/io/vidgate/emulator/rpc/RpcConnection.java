package io.vidgate.emulator.rpc;

import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;

/**
 * One client WebSocket. Messages to it are queued and written in order by the transport; the
 * session it holds (KMS binds the session of the latest answer to its connection) decides which
 * events it receives.
 */
public final class RpcConnection {

  private static final AtomicLong COUNTER = new AtomicLong();

  private final long id = COUNTER.incrementAndGet();
  private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
  private volatile Connection netty;
  private volatile boolean open = true;
  volatile String boundSession;

  void attach(Connection connection) {
    this.netty = connection;
  }

  public long id() {
    return id;
  }

  public String boundSession() {
    return boundSession;
  }

  public boolean isOpen() {
    return open;
  }

  Flux<String> outbound() {
    return outbound.asFlux();
  }

  /** Queues a text frame; silently dropped once the connection is gone. */
  public synchronized void send(String text) {
    if (open) {
      outbound.tryEmitNext(text);
    }
  }

  /** Closes the TCP connection without a WebSocket close frame, like a crashed server. */
  public void drop() {
    closed();
    Connection c = netty;
    if (c != null) {
      c.channel().close();
    }
  }

  synchronized void closed() {
    if (open) {
      open = false;
      outbound.tryEmitComplete();
    }
  }
}
