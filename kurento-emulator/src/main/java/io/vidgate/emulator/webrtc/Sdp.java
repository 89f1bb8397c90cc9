package io.vidgate.emulator.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed session description: the session-level lines and the media sections. Parsing is as
 * lenient as KMS about attributes, and as strict about structure: the text must start with
 * {@code v=0} and have at least one well-formed {@code m=} line.
 */
public record Sdp(List<String> sessionLines, List<MediaSection> media) {

  // Compiled once: String.split compiles a multi-character expression on every call.
  static final Pattern BLANKS = Pattern.compile("\\s+");

  public static Sdp parse(String text) throws SdpException {
    if (text == null || text.isBlank()) {
      throw SdpException.malformed("Empty SDP");
    }
    List<String> rawLines = lines(text);
    if (!rawLines.get(0).trim().equals("v=0")) {
      throw SdpException.malformed("SDP does not start with v=0");
    }
    List<String> session = new ArrayList<>();
    List<MediaSection> media = new ArrayList<>();
    String[] mline = null;
    List<String> current = null;
    for (String raw : rawLines) {
      String line = raw.trim();
      if (line.isEmpty()) {
        continue;
      }
      if (line.length() < 2 || line.charAt(1) != '=') {
        throw SdpException.malformed("Invalid SDP line: " + line);
      }
      if (line.startsWith("m=")) {
        if (mline != null) {
          media.add(section(mline, current));
        }
        mline = BLANKS.split(line.substring(2));
        if (mline.length < 4) {
          throw SdpException.malformed("Invalid m-line: " + line);
        }
        current = new ArrayList<>();
      } else if (current != null) {
        current.add(line);
      } else {
        session.add(line);
      }
    }
    if (mline == null) {
      throw SdpException.malformed("SDP without media sections");
    }
    media.add(section(mline, current));
    return new Sdp(List.copyOf(session), List.copyOf(media));
  }

  /**
   * The text split at {@code \n} or {@code \r\n}, trailing empty lines dropped (as
   * {@code split("\r?\n")} did): that expression, tried at every character, cost more than
   * the rest of the parse.
   */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(start, lineEnd));
      start = end + 1;
    }
    while (out.size() > 1 && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  private static MediaSection section(String[] m, List<String> lines) throws SdpException {
    int port;
    try {
      port = Integer.parseInt(m[1].split("/")[0]);
    } catch (NumberFormatException e) {
      throw SdpException.malformed("Invalid m-line port: " + m[1]);
    }
    List<String> formats = List.of(m).subList(3, m.length);
    return new MediaSection(m[0], port, m[2], List.copyOf(formats), List.copyOf(lines));
  }

  /** Checks that an answer fits the offer it answers: same number and kinds of m-lines. */
  public static void checkAnswerFits(Sdp offer, Sdp answer) throws SdpException {
    if (offer.media().size() != answer.media().size()) {
      throw SdpException.incompatible("Answer has " + answer.media().size()
          + " media sections, the offer had " + offer.media().size());
    }
    for (int i = 0; i < offer.media().size(); i++) {
      if (!offer.media().get(i).kind().equals(answer.media().get(i).kind())) {
        throw SdpException.incompatible("Media section " + i + " changed kind in the answer");
      }
    }
  }

  public String attribute(String name) {
    return attribute(sessionLines, name);
  }

  /** The mid of section {@code index}, or the index itself for SDPs without {@code a=mid}. */
  public String mid(int index) {
    String mid = media.get(index).attribute("mid");
    return mid != null ? mid : Integer.toString(index);
  }

  public boolean bundled() {
    String group = attribute("group");
    return group != null && group.startsWith("BUNDLE");
  }

  static String attribute(List<String> lines, String name) {
    List<String> all = attributes(lines, name);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<String> attributes(List<String> lines, String name) {
    List<String> out = new ArrayList<>();
    String flag = "a=" + name;
    String prefix = flag + ":";
    for (String line : lines) {
      if (line.equals(flag)) {
        out.add("");
      } else if (line.startsWith(prefix)) {
        out.add(line.substring(prefix.length()));
      }
    }
    return out;
  }
}
