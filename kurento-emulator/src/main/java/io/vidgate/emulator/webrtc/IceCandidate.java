package io.vidgate.emulator.webrtc;

/** An ICE candidate as trickled in either direction (kmd complex type {@code IceCandidate}). */
public record IceCandidate(String candidate, String sdpMid, int sdpMLineIndex) {

  /** Whether a candidate line is shaped like RFC 8839 {@code candidate-attribute}. */
  public static boolean wellFormed(String candidate) {
    String c = candidate.startsWith("a=") ? candidate.substring(2) : candidate;
    String[] t = Sdp.BLANKS.split(c);
    return t.length >= 8 && t[0].startsWith("candidate:") && t[6].equals("typ")
        && t[1].chars().allMatch(Character::isDigit) && t[5].chars().allMatch(Character::isDigit);
  }
}
