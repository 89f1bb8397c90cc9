package io.vidgate.bench.signaling;

import java.util.ArrayList;
import java.util.List;

/**
 * SDPs as Chrome writes them (opus and VP8, one BUNDLE) — the shape of the kurento-emulator's test fixture
 * {@code BrowserSdp}, which this standalone module cannot depend on. With {@code --media=none} the emulator negotiates
 * them and answers with its own candidates; no media flows, which a signaling soak does not need.
 */
public final class Sdp {

    private static final List<String> TRANSPORT = List.of(
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Xy7q",
            "a=ice-pwd:Qa3vmI2Eh3dVqfT3n9hQ8r1b",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 5B:3C:2A:8E:9F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11"
                    + ":22:33:44:55:66:77:88:99:AA:BB");

    /** A host candidate as Connection.sendIceCandidate sends it. */
    public static final String CANDIDATE = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0 ufrag Xy7q";

    private Sdp() {
    }

    /** An offer with audio and video; {@code sendonly} to publish, {@code recvonly} to subscribe (client offer). */
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

    /** The browser's answer to the server's offer (openvidu-browser's default subscription): same m-lines, receive only. */
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
