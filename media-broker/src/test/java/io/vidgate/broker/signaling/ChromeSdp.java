package io.vidgate.broker.signaling;

import java.util.ArrayList;
import java.util.List;

/**
 * An offer of the size Chromium 126 really sends for a camera and a microphone (about 6 KB: every codec it supports,
 * with their feedback, fmtp and RTX lines), where {@code BrowserSdp}'s is a 1 KB minimum. What fills a Kurento
 * socket's send buffer when many participants publish at once is the size of these.
 */
public final class ChromeSdp {

    private ChromeSdp() {
    }

    private static final List<String> TRANSPORT = List.of(
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:Xy7q",
            "a=ice-pwd:Qa3vmI2Eh3dVqfT3n9hQ8r1b",
            "a=ice-options:trickle",
            "a=fingerprint:sha-256 5B:3C:2A:8E:9F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11"
                    + ":22:33:44:55:66:77:88:99:AA:BB",
            "a=setup:actpass");

    /** Video payload types with their codec and fmtp, each followed by its RTX type. */
    private static final String[][] VIDEO = {
            {"96", "VP8/90000", null},
            {"98", "VP9/90000", "profile-id=0"},
            {"100", "VP9/90000", "profile-id=2"},
            {"102", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"},
            {"104", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f"},
            {"106", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"},
            {"108", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f"},
            {"112", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f"},
            {"114", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f"},
            {"116", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=f4001f"},
            {"118", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=f4001f"},
            {"39", "AV1/90000", "level-idx=5;profile=0;tier=0"},
            {"45", "AV1/90000", "level-idx=5;profile=1;tier=0"},
            {"120", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f"},
            {"123", "H264/90000", "level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=64001f"},
    };

    /** A camera and microphone offer; {@code direction} e.g. sendonly (publish) or recvonly. */
    public static String offer(String direction) {
        return offer(direction, 0);
    }

    /**
     * The same offer, not trickled: {@code candidates} host candidates in each section (about 90 bytes each), as a
     * browser that gathered before offering writes them; many make a request bigger than any transport buffer.
     */
    public static String offer(String direction, int candidates) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < candidates; i++) {
            lines.append("a=candidate:").append(1_000_000 + i).append(" 1 udp 2122260223 10.")
                    .append(i / 250 % 250).append('.').append(i % 250).append(".7 ").append(50_000 + i % 10_000)
                    .append(" typ host generation 0 network-id 1\r\n");
        }
        return withoutCandidates(direction).replace("a=rtcp-mux\r\n", lines + "a=rtcp-mux\r\n");
    }

    private static String withoutCandidates(String direction) {
        List<String> lines = new ArrayList<>(List.of("v=0", "o=- 4611731400430051336 2 IN IP4 127.0.0.1", "s=-",
                "t=0 0", "a=extmap-allow-mixed", "a=group:BUNDLE 0 1",
                "a=msid-semantic: WMS 3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126"));
        lines.addAll(TRANSPORT);
        lines.addAll(List.of("a=mid:0",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=" + direction,
                "a=msid:3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f 7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d",
                "a=rtcp-mux", "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2", "a=rtcp-fb:111 transport-cc", "a=fmtp:111 minptime=10;useinbandfec=1",
                "a=rtpmap:63 red/48000/2", "a=fmtp:63 111/111", "a=rtpmap:9 G722/8000", "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000", "a=rtpmap:13 CN/8000", "a=rtpmap:110 telephone-event/48000",
                "a=rtpmap:126 telephone-event/8000",
                "a=ssrc:1001 cname:Vb3kq0xS5rT8yU2w",
                "a=ssrc:1001 msid:3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f 7a6b5c4d-3e2f-1a0b-9c8d-7e6f5a4b3c2d"));
        StringBuilder types = new StringBuilder();
        for (String[] codec : VIDEO) {
            int type = Integer.parseInt(codec[0]);
            types.append(' ').append(type).append(' ').append(type + 1);
        }
        lines.add("m=video 9 UDP/TLS/RTP/SAVPF" + types + " 121 122 125 107 124");
        lines.addAll(TRANSPORT);
        lines.addAll(List.of("a=mid:1",
                "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:13 urn:3gpp:video-orientation",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
                "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
                "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
                "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                "a=" + direction,
                "a=msid:3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f 1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e",
                "a=rtcp-mux", "a=rtcp-rsize"));
        for (String[] codec : VIDEO) {
            int type = Integer.parseInt(codec[0]);
            lines.add("a=rtpmap:" + type + " " + codec[1]);
            for (String feedback : List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")) {
                lines.add("a=rtcp-fb:" + type + " " + feedback);
            }
            if (codec[2] != null) {
                lines.add("a=fmtp:" + type + " " + codec[2]);
            }
            lines.add("a=rtpmap:" + (type + 1) + " rtx/90000");
            lines.add("a=fmtp:" + (type + 1) + " apt=" + type);
        }
        lines.addAll(List.of("a=rtpmap:121 red/90000", "a=rtpmap:122 rtx/90000", "a=fmtp:122 apt=121",
                "a=rtpmap:125 ulpfec/90000", "a=rtpmap:107 flexfec-03/90000", "a=rtpmap:124 rtx/90000",
                "a=fmtp:124 apt=107",
                "a=ssrc-group:FID 2002 2003",
                "a=ssrc:2002 cname:Vb3kq0xS5rT8yU2w",
                "a=ssrc:2002 msid:3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f 1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e",
                "a=ssrc:2003 cname:Vb3kq0xS5rT8yU2w",
                "a=ssrc:2003 msid:3f1c5d1e-8a0b-4c2d-9e7f-0a1b2c3d4e5f 1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e",
                ""));
        return String.join("\r\n", lines);
    }
}
