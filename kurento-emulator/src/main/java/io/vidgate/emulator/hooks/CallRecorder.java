package io.vidgate.emulator.hooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Counts requests and measures, per client session, the longest chain of sequential round trips.
 *
 * <p><b>Definition.</b> Each request of a session gets a depth when it arrives: one more than the
 * deepest request of the same chain whose answer had already been sent at that moment (1 if
 * none). So a request sent while others are in flight, with no answer in between, is parallel
 * to them (same depth); a request sent after an answer arrived extends the chain. A chain's
 * length is its largest depth: the number of round trips a client had to wait for one after
 * another, however many requests it sent. A transaction counts as one round trip, whatever it
 * contains.
 *
 * <p>A chain ends, and the next request starts a new one at depth 1, when the session was idle
 * (nothing in flight) for longer than the idle gap since its last answer, or on {@link #reset}.
 * {@code ping} is counted but never part of a chain (the heartbeat is not the client's work).
 * Requests that carry no session and create none ({@code ping}, a parameterless
 * {@code connect}) are counted only.
 */
public final class CallRecorder {

  public static final int KEPT_CHAINS = 20;
  public static final int KEPT_STEPS = 200;

  /** Handed out on arrival, given back when the answer is sent. */
  public static final class Token {
    private final SessionState session;
    private final ChainState chain;
    private final int depth;

    private Token(SessionState session, ChainState chain, int depth) {
      this.session = session;
      this.chain = chain;
      this.depth = depth;
    }
  }

  private static final class ChainState {
    final long startedAt;
    long lastActivityAt;
    int depth;
    int requests;
    /** Deepest request of this chain already answered. */
    int answeredDepth;
    final List<CallReport.Step> steps = new ArrayList<>();

    ChainState(long now) {
      this.startedAt = now;
      this.lastActivityAt = now;
    }

    CallReport.Chain report(boolean open) {
      return new CallReport.Chain(depth, requests, startedAt, lastActivityAt, open,
          List.copyOf(steps));
    }
  }

  private static final class SessionState {
    final String id;
    long requests;
    int longest;
    int inFlight;
    long lastAnswerAt;
    ChainState current;
    final List<ChainState> finished = new ArrayList<>();

    SessionState(String id) {
      this.id = id;
    }
  }

  private final LongSupplier clockMillis;
  private volatile Duration idleGap;
  private final Map<String, Long> byMethod = new TreeMap<>();
  private final Map<String, Long> byCall = new TreeMap<>();
  private final Map<String, Long> transactionOperations = new TreeMap<>();
  private final Map<String, SessionState> sessions = new LinkedHashMap<>();
  private long total;

  public CallRecorder(Duration idleGap) {
    this(idleGap, System::currentTimeMillis);
  }

  CallRecorder(Duration idleGap, LongSupplier clockMillis) {
    this.idleGap = idleGap;
    this.clockMillis = clockMillis;
  }

  public Duration idleGap() {
    return idleGap;
  }

  public void idleGap(Duration gap) {
    this.idleGap = gap;
  }

  /**
   * A top-level request arrived. {@code sessionId} is the session it belongs to (given,
   * injected from the connection, or the one it creates), null when none. Returns null when the
   * request takes no part in a chain.
   */
  public synchronized Token arrived(String sessionId, String callName) {
    total++;
    byMethod.merge(CallNames.method(callName), 1L, Long::sum);
    byCall.merge(callName, 1L, Long::sum);
    if (sessionId == null || callName.equals("ping")) {
      return null;
    }
    long now = clockMillis.getAsLong();
    SessionState s = sessions.computeIfAbsent(sessionId, SessionState::new);
    s.requests++;
    if (s.current == null
        || (s.inFlight == 0 && now - s.lastAnswerAt > idleGap.toMillis())) {
      if (s.current != null) {
        s.finished.add(s.current);
        if (s.finished.size() > KEPT_CHAINS - 1) {
          s.finished.remove(0);
        }
      }
      s.current = new ChainState(now);
    }
    ChainState c = s.current;
    int depth = c.answeredDepth + 1;
    c.depth = Math.max(c.depth, depth);
    c.requests++;
    c.lastActivityAt = now;
    if (c.steps.size() < KEPT_STEPS) {
      c.steps.add(new CallReport.Step(depth, callName));
    }
    s.longest = Math.max(s.longest, c.depth);
    s.inFlight++;
    return new Token(s, c, depth);
  }

  /** The answer to a request was sent (or the request was dropped without one). */
  public synchronized void answered(Token token) {
    if (token == null || sessions.get(token.session.id) != token.session) {
      return; // reset meanwhile
    }
    long now = clockMillis.getAsLong();
    SessionState s = token.session;
    s.inFlight = Math.max(0, s.inFlight - 1);
    s.lastAnswerAt = now;
    token.chain.lastActivityAt = now;
    token.chain.answeredDepth = Math.max(token.chain.answeredDepth, token.depth);
  }

  /** An operation ran inside a transaction. */
  public synchronized void transactionOperation(String callName) {
    transactionOperations.merge(callName, 1L, Long::sum);
  }

  /** Forgets all counts and chains. */
  public synchronized void reset() {
    total = 0;
    byMethod.clear();
    byCall.clear();
    transactionOperations.clear();
    sessions.clear();
  }

  public synchronized CallReport report() {
    long now = clockMillis.getAsLong();
    List<CallReport.SessionCalls> out = new ArrayList<>();
    int longest = 0;
    for (SessionState s : sessions.values()) {
      List<CallReport.Chain> chains = new ArrayList<>();
      s.finished.forEach(c -> chains.add(c.report(false)));
      if (s.current != null) {
        boolean open = s.inFlight > 0 || now - s.lastAnswerAt <= idleGap.toMillis();
        chains.add(s.current.report(open));
      }
      out.add(new CallReport.SessionCalls(s.id, s.requests, s.longest, List.copyOf(chains)));
      longest = Math.max(longest, s.longest);
    }
    return new CallReport(total, sortedCopy(byMethod), sortedCopy(byCall),
        sortedCopy(transactionOperations), idleGap.toMillis(), longest, List.copyOf(out));
  }

  private static Map<String, Long> sortedCopy(Map<String, Long> counts) {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }
}
