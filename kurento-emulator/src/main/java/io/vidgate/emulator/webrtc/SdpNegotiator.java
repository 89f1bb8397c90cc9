package io.vidgate.emulator.webrtc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes the descriptions of one endpoint the way KMS shapes them: one ICE/DTLS identity for the
 * whole session, answers that mirror the offer's m-lines (same order and mids, directions flipped
 * and narrowed by the endpoint's recvonly/sendonly flags, a DTLS role consistent with the offer's
 * {@code a=setup}), codecs limited to the ones KMS handles, unknown or unsupported sections
 * rejected with port 0.
 */
final class SdpNegotiator {

  /** Encodings KMS negotiates for WebRTC (lower case), by media kind. */
  private static final Map<String, Set<String>> SUPPORTED = Map.of(
      "audio", Set.of("opus", "pcmu", "pcma"),
      "video", Set.of("vp8", "h264"));

  /** RTCP feedback KMS implements; others (transport-cc…) are left out of answers. */
  private static final Set<String> SUPPORTED_FEEDBACK =
      Set.of("goog-remb", "ccm fir", "nack", "nack pli");

  /** Static payload types that may come without an rtpmap line. */
  private static final Map<String, String> STATIC_PAYLOADS = Map.of("0", "pcmu", "8", "pcma");

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final PeerConfig config;
  /** Shared (it is thread-safe): one per endpoint cost more to make than to use. */
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecureRandom random = RANDOM;
  private final String ufrag = randomString(4);
  private final String pwd = randomString(24);
  private final String fingerprint = fingerprint();
  private final String cname = randomString(16);
  private final String streamId = randomString(36);
  private final long sessionId = Math.abs(random.nextLong() % 10_000_000_000L);
  private int version;

  SdpNegotiator(PeerConfig config) {
    this.config = config;
  }

  String offer(boolean receiveAudio, boolean receiveVideo) {
    List<String> mids = new ArrayList<>();
    List<List<String>> sections = new ArrayList<>();
    addOfferSection("audio", receiveAudio, mids, sections);
    addOfferSection("video", receiveVideo, mids, sections);
    if (config.useDataChannels()) {
      String mid = Integer.toString(mids.size());
      mids.add(mid);
      List<String> s = new ArrayList<>();
      s.add("m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
      s.add("c=IN IP4 0.0.0.0");
      addTransport(s, "actpass", mid);
      s.add("a=sctp-port:5000");
      sections.add(s);
    }
    return write(mids, sections, anySending(sections));
  }

  private void addOfferSection(String kind, boolean receive, List<String> mids,
      List<List<String>> sections) {
    boolean send = !config.recvonly();
    boolean recv = receive && !config.sendonly();
    if (!send && !recv) {
      return;
    }
    String mid = Integer.toString(mids.size());
    mids.add(mid);
    List<String> s = new ArrayList<>();
    boolean audio = kind.equals("audio");
    s.add(audio ? "m=audio 9 UDP/TLS/RTP/SAVPF 96 0 8" : "m=video 9 UDP/TLS/RTP/SAVPF 103 104");
    s.add("c=IN IP4 0.0.0.0");
    addTransport(s, "actpass", mid);
    s.add("a=" + direction(send, recv));
    s.add("a=rtcp-mux");
    if (audio) {
      s.add("a=rtpmap:96 opus/48000/2");
      s.add("a=fmtp:96 minptime=10;useinbandfec=1");
      s.add("a=rtpmap:0 PCMU/8000");
      s.add("a=rtpmap:8 PCMA/8000");
    } else {
      s.add("a=rtpmap:103 VP8/90000");
      for (String pt : List.of("103", "104")) {
        s.add("a=rtcp-fb:" + pt + " goog-remb");
        s.add("a=rtcp-fb:" + pt + " ccm fir");
        s.add("a=rtcp-fb:" + pt + " nack");
        s.add("a=rtcp-fb:" + pt + " nack pli");
      }
      s.add("a=rtpmap:104 H264/90000");
      s.add("a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f");
    }
    if (send) {
      addSendIdentity(s, kind);
    }
    sections.add(s);
  }

  String answer(Sdp offer) {
    List<String> bundle = new ArrayList<>();
    List<List<String>> sections = new ArrayList<>();
    for (int i = 0; i < offer.media().size(); i++) {
      MediaSection m = offer.media().get(i);
      String mid = offer.mid(i);
      List<String> s = answerSection(m, mid);
      if (!s.get(0).split(" ")[1].equals("0")) {
        bundle.add(mid);
      }
      sections.add(s);
    }
    return write(offer.bundled() ? bundle : List.of(), sections, anySending(sections));
  }

  private List<String> answerSection(MediaSection m, String mid) {
    List<String> s = new ArrayList<>();
    List<String> formats = acceptedFormats(m);
    if (m.rejected() || formats.isEmpty()) {
      s.add("m=" + m.kind() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
      s.add("c=IN IP4 0.0.0.0");
      s.add("a=mid:" + mid);
      s.add("a=inactive");
      return s;
    }
    s.add("m=" + m.kind() + " 9 " + m.proto() + " " + String.join(" ", formats));
    s.add("c=IN IP4 0.0.0.0");
    addTransport(s, answerSetup(m.attribute("setup")), mid);
    if (m.kind().equals("application")) {
      for (String attr : List.of("sctp-port", "max-message-size")) {
        if (m.attribute(attr) != null) {
          s.add("a=" + attr + ":" + m.attribute(attr));
        }
      }
      m.attributes("sctpmap").forEach(v -> s.add("a=sctpmap:" + v));
      return s;
    }
    // The offerer's direction seen from this side: we send what it receives and vice versa.
    boolean send = sends(m.direction(), true) && !config.recvonly();
    boolean recv = sends(m.direction(), false) && !config.sendonly();
    s.add("a=" + direction(send, recv));
    if (m.has("rtcp-mux")) {
      s.add("a=rtcp-mux");
    }
    if (m.has("rtcp-rsize")) {
      s.add("a=rtcp-rsize");
    }
    for (String pt : formats) {
      List<String> lines = new ArrayList<>(m.payloadLines(pt));
      lines.removeIf(l -> l.startsWith("a=rtcp-fb:")
          && !SUPPORTED_FEEDBACK.contains(l.substring(l.indexOf(' ') + 1)));
      if (lines.isEmpty() && STATIC_PAYLOADS.containsKey(pt)) {
        lines = List.of("a=rtpmap:" + pt + " " + STATIC_PAYLOADS.get(pt).toUpperCase(Locale.ROOT)
            + "/8000");
      }
      s.addAll(lines);
    }
    if (send) {
      addSendIdentity(s, m.kind());
    }
    return s;
  }

  /** The payload types of an offered section this endpoint can use, in offer order. */
  private List<String> acceptedFormats(MediaSection m) {
    if (m.kind().equals("application")) {
      return config.useDataChannels() && m.proto().contains("SCTP") ? m.formats() : List.of();
    }
    Set<String> supported = SUPPORTED.get(m.kind());
    if (supported == null || !m.proto().contains("RTP")) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String pt : m.formats()) {
      String encoding = m.encoding(pt);
      encoding = encoding != null ? encoding.toLowerCase(Locale.ROOT) : STATIC_PAYLOADS.get(pt);
      if (encoding != null && supported.contains(encoding)) {
        out.add(pt);
      }
    }
    return out;
  }

  /**
   * The media kinds the remote peer will send and this endpoint accepts, given the negotiated
   * local and remote descriptions.
   */
  static Set<String> receivedKinds(Sdp local, Sdp remote) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < Math.min(local.media().size(), remote.media().size()); i++) {
      MediaSection l = local.media().get(i);
      MediaSection r = remote.media().get(i);
      if (!l.rejected() && !r.rejected() && !l.kind().equals("application")
          && sends(r.direction(), false) && sends(l.direction(), true)) {
        out.add(l.kind());
      }
    }
    return out;
  }

  /** Whether a side with this direction sends ({@code receiving=false}) or receives. */
  private static boolean sends(String direction, boolean receiving) {
    return receiving
        ? direction.equals("sendrecv") || direction.equals("recvonly")
        : direction.equals("sendrecv") || direction.equals("sendonly");
  }

  private static String direction(boolean send, boolean recv) {
    if (send && recv) {
      return "sendrecv";
    }
    if (send) {
      return "sendonly";
    }
    return recv ? "recvonly" : "inactive";
  }

  /** RFC 5763: answer actpass with active, and take the role the offerer left. */
  private static String answerSetup(String offered) {
    return "active".equals(offered) ? "passive" : "active";
  }

  private void addTransport(List<String> s, String setup, String mid) {
    s.add("a=ice-ufrag:" + ufrag);
    s.add("a=ice-pwd:" + pwd);
    s.add("a=ice-options:trickle");
    s.add("a=fingerprint:sha-256 " + fingerprint);
    s.add("a=setup:" + setup);
    s.add("a=mid:" + mid);
  }

  private void addSendIdentity(List<String> s, String kind) {
    long ssrc = 1 + (random.nextLong() & 0x7fffffffL);
    s.add("a=msid:" + streamId + " " + kind + "-" + streamId);
    s.add("a=ssrc:" + ssrc + " cname:" + cname);
  }

  private static boolean anySending(List<List<String>> sections) {
    return sections.stream().anyMatch(s -> s.stream().anyMatch(l -> l.startsWith("a=msid:")));
  }

  private String write(List<String> bundle, List<List<String>> sections, boolean sending) {
    StringJoiner out = new StringJoiner("\r\n", "", "\r\n");
    out.add("v=0");
    out.add("o=- " + sessionId + " " + (version++) + " IN IP4 0.0.0.0");
    out.add("s=Kurento Media Server");
    out.add("c=IN IP4 0.0.0.0");
    out.add("t=0 0");
    if (!bundle.isEmpty()) {
      out.add("a=group:BUNDLE " + String.join(" ", bundle));
    }
    if (sending) {
      out.add("a=msid-semantic: WMS " + streamId);
    }
    sections.forEach(s -> s.forEach(out::add));
    return out.toString();
  }

  private String randomString(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return sb.toString();
  }

  private String fingerprint() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
  }
}
