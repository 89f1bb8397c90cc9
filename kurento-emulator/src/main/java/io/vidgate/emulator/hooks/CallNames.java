package io.vidgate.emulator.hooks;

/** Names of calls as the hooks use them: {@code method} or {@code method:detail}. */
public final class CallNames {

  private CallNames() {}

  /**
   * {@code invoke:processOffer} for an invoke, {@code create:WebRtcEndpoint} for a create,
   * {@code subscribe:IceCandidateFound} for a subscribe, the bare method otherwise.
   */
  public static String of(String method, String detail) {
    return detail == null ? method : method + ":" + detail;
  }

  public static String method(String callName) {
    int colon = callName.indexOf(':');
    return colon < 0 ? callName : callName.substring(0, colon);
  }

  /** A pattern matches the full name, its method or its detail. */
  public static boolean matches(String pattern, String callName) {
    if (pattern.equals(callName)) {
      return true;
    }
    int colon = callName.indexOf(':');
    return colon >= 0
        && (pattern.equals(callName.substring(0, colon))
            || pattern.equals(callName.substring(colon + 1)));
  }
}
