package io.vidgate.broker.kms;

import io.vidgate.broker.session.VideoCodec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.kurento.video-codec.*}: what a session created without {@code forcedVideoCodec} /
 * {@code allowTranscoding} gets — openvidu-server's {@code OPENVIDU_STREAMS_FORCED_VIDEO_CODEC} and
 * {@code OPENVIDU_STREAMS_ALLOW_TRANSCODING}, with their defaults.
 *
 * @param forced            MEDIA_SERVER_PREFERRED (VP8 on Kurento), VP8, VP9, H264, or NONE (SDPs left as they are)
 * @param allowTranscoding  true: an SDP without the forced codec is negotiated as it is and KMS transcodes; false: it
 *                          is refused (800)
 */
@Validated
@ConfigurationProperties("vidgate.kurento.video-codec")
public record VideoCodecProperties(
        @DefaultValue("MEDIA_SERVER_PREFERRED") VideoCodec forced,
        @DefaultValue("false") boolean allowTranscoding) {

    public static final VideoCodecProperties OPENVIDU_DEFAULTS =
            new VideoCodecProperties(VideoCodec.MEDIA_SERVER_PREFERRED, false);
}
