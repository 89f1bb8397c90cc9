package io.vidgate.emulator.webrtc;

/** An SDP the peer cannot use. {@link #malformed()} distinguishes parse errors (KMS 40201). */
public final class SdpException extends Exception {

  private final boolean malformed;

  private SdpException(String message, boolean malformed) {
    super(message, null, false, false);
    this.malformed = malformed;
  }

  /** Not SDP at all: empty, not starting with {@code v=0}, no media section, bad m-line. */
  public static SdpException malformed(String message) {
    return new SdpException(message, true);
  }

  /** Parsable SDP that does not fit the negotiation (e.g. an answer with other m-lines). */
  public static SdpException incompatible(String message) {
    return new SdpException(message, false);
  }

  public boolean malformed() {
    return malformed;
  }
}
