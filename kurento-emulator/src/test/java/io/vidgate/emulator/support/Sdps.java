package io.vidgate.emulator.support;

/** SDPs as browsers write them. */
public final class Sdps {

  private Sdps() {}

  // The transport lines both m-sections carry alike: one BUNDLE, one ICE agent, one DTLS session.
  private static final String TRANSPORT = String.join("\r\n",
      "c=IN IP4 0.0.0.0",
      "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:Xy7q",
      "a=ice-pwd:Qa3vmI2Eh3dVqfT3n9hQ8r1b",
      "a=ice-options:trickle",
      "a=fingerprint:sha-256 5B:3C:2A:8E:9F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11"
          + ":22:33:44:55:66:77:88:99:AA:BB",
      "a=setup:actpass");

  /** A Chrome-like sendrecv offer: audio (opus, G722, PCMU, PCMA) and video (VP8, VP9, H264). */
  public static String chromeOffer(String audioDirection, String videoDirection) {
    return String.join("\r\n",
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0 1",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS stream1",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 9 0 8",
        TRANSPORT,
        "a=mid:0",
        "a=" + audioDirection,
        "a=msid:stream1 audio1",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=rtcp-fb:111 transport-cc",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=ssrc:1001 cname:browser",
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98",
        TRANSPORT,
        "a=mid:1",
        "a=" + videoDirection,
        "a=msid:stream1 video1",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=rtpmap:97 VP9/90000",
        "a=rtpmap:98 H264/90000",
        "a=fmtp:98 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        "a=ssrc:2002 cname:browser",
        "") ;
  }

  public static String chromeOffer() {
    return chromeOffer("sendrecv", "sendrecv");
  }

  /** A trickled browser candidate. */
  public static final String BROWSER_CANDIDATE =
      "candidate:842163049 1 udp 1677729535 198.51.100.7 54400 typ srflx raddr 10.0.0.2"
          + " rport 54400 generation 0 ufrag Xy7q network-cost 999";
}
