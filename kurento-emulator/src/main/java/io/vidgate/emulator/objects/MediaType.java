package io.vidgate.emulator.objects;

/** The kmd enum {@code MediaType}. */
public enum MediaType {
  AUDIO, DATA, VIDEO;

  /** The SDP media kind ({@code audio}, {@code video}) as a MediaType, or null. */
  static MediaType ofSdpKind(String kind) {
    return switch (kind) {
      case "audio" -> AUDIO;
      case "video" -> VIDEO;
      case "application" -> DATA;
      default -> null;
    };
  }
}
