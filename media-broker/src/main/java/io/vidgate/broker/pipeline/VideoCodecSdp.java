package io.vidgate.broker.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A session's {@code forcedVideoCodec} written into an SDP as openvidu-server 2.32 does it ({@code SDPMunging
 * #setCodecPreference}): in every video m-section only the forced codec's payload types remain, each with its RTX
 * type ({@code a=fmtp:<rtx> apt=<pt>}); the other types leave the m= line with their rtpmap, fmtp and rtcp-fb lines.
 * The browser then has no other codec to send or to receive, so KMS never transcodes between publishers and
 * subscribers that would have picked different codecs.
 *
 * <p>Unlike openvidu-server, a removed type's lines are removed from its own m-section only (openvidu-server also
 * drops every other section's line with that number, and {@code a=extmap:} lines whose id equals it).
 */
final class VideoCodecSdp {

    /** The SDP has a video m-section that does not offer the codec. */
    static final class CodecNotFound extends Exception {
        CodecNotFound(String codec) {
            super("The specified forced codec " + codec + " is not present in the SDP");
        }
    }

    private VideoCodecSdp() {
    }

    /**
     * @param codec the rtpmap encoding name: {@code VP8}, {@code VP9} or {@code H264} (any case)
     * @return the SDP with lines ending in CRLF; an SDP without video comes back unchanged but for line ends
     * @throws CodecNotFound when a video m-section has no payload type of {@code codec}
     */
    static String keepOnly(String codec, String sdp) throws CodecNotFound {
        List<String> lines = nonEmptyLines(sdp);
        List<String> out = new ArrayList<>(lines.size());
        int i = 0;
        while (i < lines.size()) {
            int end = sectionEnd(lines, i);
            List<String> section = lines.subList(i, end);
            out.addAll(section.get(0).startsWith("m=video") ? keepOnlyIn(codec, section) : section);
            i = end;
        }
        return String.join("\r\n", out) + "\r\n";
    }

    /** One video m-section (its m= line first) with only {@code codec}'s payload types and their RTX types. */
    private static List<String> keepOnlyIn(String codec, List<String> section) throws CodecNotFound {
        String[] mLine = section.get(0).split(" ");
        if (mLine.length < 4) {
            return section; // no payload type at all: nothing to choose from (openvidu-server leaves it too)
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String line : section) {
            String type = rtpmapTypeOf(line, codec);
            if (type != null) {
                kept.add(type);
                kept.addAll(rtxTypesOf(section, type));
            }
        }
        if (kept.isEmpty()) {
            throw new CodecNotFound(codec.toUpperCase(Locale.ROOT));
        }
        Set<String> removed = new LinkedHashSet<>(List.of(mLine).subList(3, mLine.length));
        removed.removeAll(kept);
        List<String> out = new ArrayList<>(section.size());
        out.add(mLine[0] + " " + mLine[1] + " " + mLine[2] + " " + String.join(" ", kept));
        for (String line : section.subList(1, section.size())) {
            if (!describesOneOf(line, removed)) {
                out.add(line);
            }
        }
        return out;
    }

    /** The payload type an {@code a=rtpmap:<pt> <codec>/90000} line maps, or null for any other line. */
    private static String rtpmapTypeOf(String line, String codec) {
        if (!line.startsWith("a=rtpmap:")) {
            return null;
        }
        int space = line.indexOf(' ');
        if (space < 0 || !line.regionMatches(true, space + 1, codec + "/90000", 0, codec.length() + 6)) {
            return null;
        }
        return line.substring("a=rtpmap:".length(), space);
    }

    /** The RTX types of {@code type}: lines {@code a=fmtp:<rtx> apt=<type>}. */
    private static List<String> rtxTypesOf(List<String> section, String type) {
        List<String> rtx = new ArrayList<>(1);
        for (String line : section) {
            int space = line.indexOf(' ');
            if (line.startsWith("a=fmtp:") && space > 0 && line.substring(space + 1).equals("apt=" + type)) {
                rtx.add(line.substring("a=fmtp:".length(), space));
            }
        }
        return rtx;
    }

    private static boolean describesOneOf(String line, Set<String> types) {
        for (String attribute : List.of("a=rtpmap:", "a=fmtp:", "a=rtcp-fb:")) {
            if (line.startsWith(attribute)) {
                int space = line.indexOf(' ');
                return space > 0 && types.contains(line.substring(attribute.length(), space));
            }
        }
        return false;
    }

    private static int sectionEnd(List<String> lines, int start) {
        int i = start + 1;
        while (i < lines.size() && !lines.get(i).startsWith("m=")) {
            i++;
        }
        return i;
    }

    private static List<String> nonEmptyLines(String sdp) {
        List<String> lines = new ArrayList<>();
        for (String line : sdp.split("\\R")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
