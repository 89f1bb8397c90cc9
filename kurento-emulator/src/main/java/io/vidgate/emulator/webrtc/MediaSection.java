package io.vidgate.emulator.webrtc;

import java.util.ArrayList;
import java.util.List;

/** One {@code m=} section of an SDP: the m-line fields and its following lines, in order. */
public record MediaSection(String kind, int port, String proto, List<String> formats,
    List<String> lines) {

  /** The value of the first {@code a=<name>:<value>} (or "" for a flag), null when absent. */
  public String attribute(String name) {
    return Sdp.attribute(lines, name);
  }

  public List<String> attributes(String name) {
    return Sdp.attributes(lines, name);
  }

  public boolean has(String flag) {
    return attribute(flag) != null;
  }

  /** sendrecv, sendonly, recvonly or inactive; sendrecv when not stated (RFC 4566). */
  public String direction() {
    for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
      if (has(d)) {
        return d;
      }
    }
    return "sendrecv";
  }

  public boolean rejected() {
    return port == 0;
  }

  /** The rtpmap encoding name of a payload type, e.g. {@code VP8}, or null. */
  public String encoding(String payloadType) {
    for (String v : attributes("rtpmap")) {
      String[] parts = Sdp.BLANKS.split(v, 2);
      if (parts.length == 2 && parts[0].equals(payloadType)) {
        return parts[1].split("/")[0];
      }
    }
    return null;
  }

  /** The a=rtpmap/fmtp/rtcp-fb lines describing one payload type, in offer order. */
  public List<String> payloadLines(String payloadType) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      for (String attr : List.of("a=rtpmap:", "a=fmtp:", "a=rtcp-fb:")) {
        if (line.startsWith(attr + payloadType + " ")) {
          out.add(line);
        }
      }
    }
    return out;
  }

  public List<String> candidates() {
    return attributes("candidate");
  }
}
