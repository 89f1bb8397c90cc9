package io.vidgate.emulator.hooks;

import java.util.Objects;

/**
 * "Fail the next {@code count} calls matching {@code call}". A call is named
 * {@code method[:detail]}: {@code create:WebRtcEndpoint}, {@code invoke:processOffer},
 * {@code subscribe:IceCandidateFound}, {@code release}, {@code transaction}, {@code ping}… A
 * pattern matches the full name, the method alone ({@code invoke}) or the detail alone
 * ({@code processOffer}). Operations inside a transaction are matched one by one: an ERROR there
 * fails that operation the way KMS reports it, inside a successful transaction answer.
 *
 * @param code the error code for {@link Action#ERROR} (KMS's {@code data.type} is derived)
 */
public record FaultRule(String call, int count, Action action, int code, String message) {

  public enum Action {
    /** Answer with an error. */
    ERROR,
    /** Never answer (the Java client gives up after its 10 s request timeout). */
    NO_RESPONSE,
    /** Close the client's TCP connection instead of answering. */
    DROP_CONNECTION
  }

  public static final int DEFAULT_CODE = 40003;
  public static final String DEFAULT_MESSAGE = "Fault injected by kurento-emulator";

  public FaultRule {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(action, "action");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    if (message == null) {
      message = DEFAULT_MESSAGE;
    }
  }

  /** Fails the next {@code count} matching calls with 40003 UNEXPECTED_ERROR. */
  public static FaultRule error(String call, int count) {
    return new FaultRule(call, count, Action.ERROR, DEFAULT_CODE, DEFAULT_MESSAGE);
  }

  public static FaultRule error(String call, int count, int code, String message) {
    return new FaultRule(call, count, Action.ERROR, code, message);
  }

  public static FaultRule noResponse(String call, int count) {
    return new FaultRule(call, count, Action.NO_RESPONSE, DEFAULT_CODE, DEFAULT_MESSAGE);
  }

  public static FaultRule dropConnection(String call, int count) {
    return new FaultRule(call, count, Action.DROP_CONNECTION, DEFAULT_CODE, DEFAULT_MESSAGE);
  }

  FaultRule withCount(int remaining) {
    return new FaultRule(call, remaining, action, code, message);
  }

  /** Whether this rule's pattern names the call (see the class comment). */
  public boolean matches(String callName) {
    return CallNames.matches(call, callName);
  }
}
