package io.vidgate.emulator.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Faults on demand: drop every client socket, refuse new connections, restart (forget every
 * object and session), fail the next N calls of a kind.
 */
public final class Faults {

  /** What the faults act on: the emulator's sockets, state and listening socket. */
  public interface Target {

    /** Closes every client connection without a close frame; returns how many. */
    int dropConnections();

    /** Forgets every object, session and subscription; drops every connection. */
    void restart();

    /** Opens (true) or closes (false) the listening socket; open connections stay. */
    void listen(boolean listen);
  }

  private final Target target;
  private final List<FaultRule> rules = new ArrayList<>();
  private volatile boolean refusing;
  private Disposable scheduledAccept = () -> { };

  public Faults(Target target) {
    this.target = target;
  }

  /**
   * Closes every client TCP connection without a WebSocket close frame. Sessions and objects
   * survive: a Java client reconnects, resumes its session with {@code connect} and sees
   * {@code reconnected(true)}. Returns how many connections were dropped.
   */
  public int dropConnections() {
    return target.dropConnections();
  }

  /**
   * While on, the emulator does not listen: new connections are refused at the TCP level, as
   * when no KMS runs, and a Java client keeps retrying every 2 s. (An HTTP 503 or a reset would
   * make the Java client close itself for good.) Open connections stay. The HTTP hooks share
   * the port, so they are unreachable meanwhile: over HTTP use {@link #refuseConnectionsFor}.
   */
  public synchronized void refuseConnections(boolean refuse) {
    scheduledAccept.dispose();
    if (refuse != refusing) {
      target.listen(!refuse);
      refusing = refuse;
    }
  }

  /** Refuses connections now and accepts them again after {@code duration}. */
  public synchronized void refuseConnectionsFor(Duration duration) {
    refuseConnections(true);
    // Binding blocks briefly: not on a parallel (non-blocking) thread.
    scheduledAccept = Mono.delay(duration, Schedulers.boundedElastic())
        .subscribe(t -> refuseConnections(false));
  }

  public boolean refusingConnections() {
    return refusing;
  }

  /**
   * A KMS restart: drops every connection and forgets every object, session and subscription;
   * the server gets a new serverId. A Java client reconnects, gets 40007 for its old session,
   * opens a new one and sees {@code reconnected(false)}; its old objects answer 40101.
   */
  public void restart() {
    target.restart();
  }

  public synchronized void failNext(FaultRule rule) {
    rules.add(rule);
  }

  /** Fails the next {@code count} calls matching {@code call} with 40003 UNEXPECTED_ERROR. */
  public void failNext(String call, int count) {
    failNext(FaultRule.error(call, count));
  }

  public synchronized List<FaultRule> pending() {
    return List.copyOf(rules);
  }

  /** Removes pending fail-next rules and accepts connections again. */
  public synchronized void clear() {
    rules.clear();
    refuseConnections(false);
  }

  /** The first pending rule matching the call, consumed by one; empty when none. */
  public synchronized Optional<FaultRule> take(String callName) {
    for (int i = 0; i < rules.size(); i++) {
      FaultRule rule = rules.get(i);
      if (rule.matches(callName)) {
        if (rule.count() == 1) {
          rules.remove(i);
        } else {
          rules.set(i, rule.withCount(rule.count() - 1));
        }
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
