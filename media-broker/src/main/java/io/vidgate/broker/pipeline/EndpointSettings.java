package io.vidgate.broker.pipeline;

import io.vidgate.broker.session.KurentoOptions;
import io.vidgate.broker.session.VideoCodec;

/**
 * Everything a WebRtcEndpoint is set up with besides its SDP, chosen per participant: its own STUN/TURN settings, the
 * video bandwidth limits (the server's, overridden by the connection's {@code kurentoOptions}) and the session's codec
 * policy.
 */
public record EndpointSettings(IceConfig ice, VideoBandwidth bandwidth, CodecPolicy codec) {

    public EndpointSettings {
        if (ice == null || bandwidth == null || codec == null) {
            throw new IllegalArgumentException("ice, bandwidth and codec are required");
        }
    }

    /** openvidu-server's defaults (1000/300 kbps, VP8 forced, no transcoding) with the given ICE settings. */
    public static EndpointSettings openViduDefaults(IceConfig ice) {
        return new EndpointSettings(ice, VideoBandwidth.OPENVIDU_DEFAULTS, CodecPolicy.OPENVIDU_DEFAULT);
    }

    /**
     * A participant's settings.
     *
     * @param serverBandwidth   the server's limits ({@link PipelineManager#videoBandwidth()})
     * @param kurentoOptions    the participant's connection's {@code kurentoOptions}; null when it has none
     * @param forcedVideoCodec  its session's {@code forcedVideoCodec}
     * @param allowTranscoding  its session's {@code allowTranscoding}
     */
    public static EndpointSettings of(IceConfig ice, VideoBandwidth serverBandwidth, KurentoOptions kurentoOptions,
            VideoCodec forcedVideoCodec, boolean allowTranscoding) {
        return new EndpointSettings(ice, serverBandwidth.overriddenBy(kurentoOptions),
                CodecPolicy.of(forcedVideoCodec, allowTranscoding));
    }
}
