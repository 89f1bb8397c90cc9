package io.vidgate.emulator.objects;

import java.util.ArrayList;
import java.util.List;

/**
 * One request (or one operation of a transaction) being executed for a session. Events a request
 * causes are queued with {@link #afterResponse} so that the client sees them after the answer, as
 * it would from KMS, where they come from media threads.
 */
public final class CallContext {

  private final String sessionId;
  private final List<Runnable> afterResponse = new ArrayList<>();

  public CallContext(String sessionId) {
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  public void afterResponse(Runnable action) {
    afterResponse.add(action);
  }

  /** Takes the queued actions; the caller runs them under the server lock after answering. */
  public List<Runnable> drainAfterResponse() {
    List<Runnable> out = List.copyOf(afterResponse);
    afterResponse.clear();
    return out;
  }
}
