package io.vidgate.emulator.hooks;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /emulator/calls} returns: request counts and the round-trip chains of each
 * session since the last reset. See {@link CallRecorder} for the chain definition.
 *
 * @param byMethod top-level requests by JSON-RPC method ({@code create}, {@code invoke}…)
 * @param byCall top-level requests by call name ({@code invoke:processOffer}…)
 * @param transactionOperations operations executed inside transactions, by call name
 * @param longestChain the longest chain over all sessions
 */
public record CallReport(long totalRequests, Map<String, Long> byMethod,
    Map<String, Long> byCall, Map<String, Long> transactionOperations, long chainIdleGapMillis,
    int longestChain, List<SessionCalls> sessions) {

  /**
   * @param chains this session's chains, oldest first, the current (open) one last; at most
   *     {@link CallRecorder#KEPT_CHAINS} are kept
   */
  public record SessionCalls(String sessionId, long requests, int longestChain,
      List<Chain> chains) {}

  /**
   * @param depth the chain's length: sequential round trips
   * @param steps each request of the chain with the depth it got, in arrival order (at most
   *     {@link CallRecorder#KEPT_STEPS})
   * @param open whether requests arriving now may still extend it
   */
  public record Chain(int depth, int requests, long startedAtMillis, long lastActivityAtMillis,
      boolean open, List<Step> steps) {}

  public record Step(int depth, String call) {}

  /** The session's entry, or null. */
  public SessionCalls session(String sessionId) {
    return sessions.stream().filter(s -> s.sessionId().equals(sessionId)).findFirst()
        .orElse(null);
  }
}
