package io.vidgate.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import io.vidgate.broker.signaling.ChromeSdp;
import io.vidgate.emulator.testing.BrowserSdp;
import org.junit.jupiter.api.Test;

/** forcedVideoCodec written into SDPs as openvidu-server 2.32's SDPMunging does. */
class VideoCodecSdpTest {

    /** Chrome's offer: VP8 96 (RTX 97), VP9 98/100, H264 102…123 with their RTX, AV1, red/ulpfec/flexfec. */
    private static final String CHROME = ChromeSdp.offer("sendonly");

    @Test
    void onlyTheForcedCodecAndItsRtxStayInTheVideoSection() throws Exception {
        String munged = VideoCodecSdp.keepOnly("VP8", CHROME);

        assertThat(mLine(munged, "m=video")).isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 96 97");
        assertThat(videoLines(munged, "a=rtpmap:")).containsExactly("a=rtpmap:96 VP8/90000", "a=rtpmap:97 rtx/90000");
        assertThat(videoLines(munged, "a=fmtp:")).containsExactly("a=fmtp:97 apt=96");
        assertThat(videoLines(munged, "a=rtcp-fb:")).isNotEmpty().allMatch(line -> line.startsWith("a=rtcp-fb:96 "));
        // Everything else is kept: ICE, DTLS, mid, direction, ssrc, extmap…
        assertThat(videoLines(munged, "a=mid:")).containsExactly("a=mid:1");
        assertThat(videoLines(munged, "a=sendonly")).hasSize(1);
    }

    @Test
    void theAudioSectionIsUntouchedEvenWhereItsTypesShareNumbersWithRemovedVideoTypes() throws Exception {
        String munged = VideoCodecSdp.keepOnly("VP8", CHROME);

        assertThat(section(munged, "m=audio")).isEqualTo(section(CHROME.replace("\r\n", "\n"), "m=audio"));
        assertThat(munged).startsWith("v=0\r\n").endsWith("\r\n").doesNotContain("\r\n\r\n");
    }

    @Test
    void h264KeepsEveryProfileWithItsRtxInTheOfferedOrder() throws Exception {
        String munged = VideoCodecSdp.keepOnly("H264", CHROME);

        assertThat(mLine(munged, "m=video"))
                .isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 102 103 104 105 106 107 108 109 112 113 114 115 116 117 118 119 120 121 123 124");
        assertThat(videoLines(munged, "a=rtpmap:")).noneMatch(line -> line.contains("VP8") || line.contains("VP9")
                || line.contains("AV1") || line.contains("ulpfec"));
    }

    @Test
    void codecNamesMatchInAnyCase() throws Exception {
        String munged = VideoCodecSdp.keepOnly("VP9", CHROME.replace("VP9/90000", "vp9/90000"));

        assertThat(mLine(munged, "m=video")).isEqualTo("m=video 9 UDP/TLS/RTP/SAVPF 98 99 100 101");
    }

    @Test
    void aVideoSectionWithoutTheCodecIsRefused() {
        assertThatThrownBy(() -> VideoCodecSdp.keepOnly("H264", BrowserSdp.offer("sendonly")))
                .isInstanceOf(VideoCodecSdp.CodecNotFound.class)
                .hasMessage("The specified forced codec H264 is not present in the SDP");
    }

    @Test
    void anSdpWithoutVideoComesBackAsItWas() throws Exception {
        String audioOnly = CHROME.substring(0, CHROME.indexOf("m=video"));

        assertThat(VideoCodecSdp.keepOnly("VP8", audioOnly)).isEqualTo(audioOnly);
    }

    @Test
    void everyVideoSectionIsMunged() throws Exception {
        String video = CHROME.substring(CHROME.indexOf("m=video"));
        String twoCameras = CHROME + video.replace("a=mid:1", "a=mid:2");

        String munged = VideoCodecSdp.keepOnly("VP8", twoCameras);

        assertThat(Arrays.stream(munged.split("\r\n")).filter(line -> line.startsWith("m=video")))
                .containsExactly("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 9 UDP/TLS/RTP/SAVPF 96 97");
    }

    static String mLine(String sdp, String prefix) {
        return Arrays.stream(sdp.split("\r?\n")).filter(line -> line.startsWith(prefix)).findFirst().orElseThrow();
    }

    /** The lines of the first m-section starting with {@code prefix}, joined by \n. */
    static String section(String sdp, String prefix) {
        String normal = sdp.replace("\r\n", "\n");
        int start = normal.indexOf(prefix);
        int end = normal.indexOf("\nm=", start + 1);
        return normal.substring(start, end < 0 ? normal.length() : end).strip();
    }

    private static List<String> videoLines(String sdp, String prefix) {
        return Arrays.stream(section(sdp, "m=video").split("\n")).filter(line -> line.startsWith(prefix)).toList();
    }
}
