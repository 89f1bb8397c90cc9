package io.vidgate.emulator.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * SDPs as a browser writes them (opus and VP8, one BUNDLE), for the broker's and the e2e tests that
 * negotiate with the emulator without a real client.
 */
public final class BrowserSdp {

  private BrowserSdp() {}

  private static final List<String> TRANSPORT = List.of(
      "c=IN IP4 0.0.0.0",
      "a=rtcp:9 IN IP4 0.0.0.0",
      "a=ice-ufrag:Xy7q",
      "a=ice-pwd:Qa3vmI2Eh3dVqfT3n9hQ8r1b",
      "a=ice-options:trickle",
      "a=fingerprint:sha-256 5B:3C:2A:8E:9F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11"
          + ":22:33:44:55:66:77:88:99:AA:BB");

  /** A Chrome-like offer with audio (opus) and video (VP8); direction e.g. sendonly (publish) or recvonly. */
  public static String offer(String direction) {
    List<String> lines = new ArrayList<>(List.of("v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-",
        "t=0 0", "a=group:BUNDLE 0 1", "a=msid-semantic: WMS stream1", "m=audio 9 UDP/TLS/RTP/SAVPF 111"));
    lines.addAll(TRANSPORT);
    lines.addAll(List.of("a=setup:actpass", "a=mid:0", "a=" + direction, "a=msid:stream1 audio1", "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2", "a=ssrc:1001 cname:browser", "m=video 9 UDP/TLS/RTP/SAVPF 96"));
    lines.addAll(TRANSPORT);
    lines.addAll(List.of("a=setup:actpass", "a=mid:1", "a=" + direction, "a=msid:stream1 video1", "a=rtcp-mux",
        "a=rtpmap:96 VP8/90000", "a=ssrc:2002 cname:browser", ""));
    return String.join("\r\n", lines);
  }

  /** The browser's answer to a server offer: same m-lines and mids, receive only. */
  public static String answerTo(String offer) {
    List<String> out = new ArrayList<>(List.of("v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0"));
    for (String line : offer.split("\r?\n")) {
      if (line.startsWith("a=group:BUNDLE")) {
        out.add(line);
      } else if (line.startsWith("m=")) {
        out.add(line);
        out.addAll(TRANSPORT);
        out.add("a=setup:active");
        out.add("a=rtcp-mux");
      } else if (line.startsWith("a=mid:") || line.startsWith("a=rtpmap:")) {
        out.add(line);
      } else if (line.equals("a=sendonly") || line.equals("a=sendrecv")) {
        out.add("a=recvonly");
      } else if (line.equals("a=recvonly") || line.equals("a=inactive")) {
        out.add("a=inactive");
      }
    }
    out.add("");
    return String.join("\r\n", out);
  }
}
