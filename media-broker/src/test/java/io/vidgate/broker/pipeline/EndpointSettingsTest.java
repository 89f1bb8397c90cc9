package io.vidgate.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.vidgate.broker.session.KurentoOptions;
import io.vidgate.broker.session.VideoCodec;
import io.vidgate.emulator.testing.BrowserSdp;
import org.junit.jupiter.api.Test;

/** How a participant's settings are chosen: kurentoOptions over the server's bandwidths, the session's codec. */
class EndpointSettingsTest {

    private static final VideoBandwidth SERVER = new VideoBandwidth(1000, 300, 1000, 300);
    private static final MediaEndpoint PUBLISHER = new MediaEndpoint("str_CAM_a_con_a", MediaEndpoint.Kind.PUBLISHER,
            null, (name, candidate, mid, index) -> { });

    @Test
    void eachBandwidthTheConnectionSetsReplacesTheServersOnly() {
        KurentoOptions options = new KurentoOptions(2500, null, null, 50, List.of());

        EndpointSettings settings = EndpointSettings.of(IceConfig.NONE, SERVER, options, VideoCodec.VP8, false);

        assertThat(settings.bandwidth()).isEqualTo(new VideoBandwidth(2500, 300, 1000, 50));
        assertThat(EndpointSettings.of(IceConfig.NONE, SERVER, null, VideoCodec.VP8, false).bandwidth())
                .isEqualTo(SERVER);
    }

    @Test
    void mediaServerPreferredIsVp8AndNoneLeavesSdpsAlone() {
        assertThat(CodecPolicy.of(VideoCodec.MEDIA_SERVER_PREFERRED, false)).isEqualTo(new CodecPolicy("VP8", false));
        assertThat(CodecPolicy.of(VideoCodec.H264, true)).isEqualTo(new CodecPolicy("H264", true));
        String offer = "v=0\nm=video 9 UDP/TLS/RTP/SAVPF 96 98\na=rtpmap:96 VP8/90000\na=rtpmap:98 VP9/90000\n";
        assertThat(CodecPolicy.of(VideoCodec.NONE, false).apply(offer, PUBLISHER, "ses", false)).isSameAs(offer);
    }

    @Test
    void aMissingCodecIsRefusedUnlessTranscodingIsAllowed() {
        String vp8Only = BrowserSdp.offer("sendonly");

        assertThat(new CodecPolicy("H264", true).apply(vp8Only, PUBLISHER, "ses", false)).isSameAs(vp8Only);
        assertThatThrownBy(() -> new CodecPolicy("H264", false).apply(vp8Only, PUBLISHER, "ses", true))
                .isInstanceOf(PipelineException.class)
                .hasMessage("Error forcing codec: 'H264', for endpoint: 'str_CAM_a_con_a' in Session: 'ses'. "
                        + "Is publishing: 'true'. Is Subscriber: 'false'. Is Reconnecting: 'true'.\n"
                        + "Exception: The specified forced codec H264 is not present in the SDP")
                .extracting(e -> ((PipelineException) e).kind()).isEqualTo(PipelineException.Kind.FORCED_CODEC_NOT_FOUND);
    }

    @Test
    void negativeBandwidthsAreRefused() {
        assertThatThrownBy(() -> new VideoBandwidth(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
