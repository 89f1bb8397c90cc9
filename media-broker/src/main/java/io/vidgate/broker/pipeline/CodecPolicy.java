package io.vidgate.broker.pipeline;

import io.vidgate.broker.session.VideoCodec;

/**
 * A session's {@code forcedVideoCodec} and {@code allowTranscoding}, as applied to the SDPs of its WebRtcEndpoints:
 * the offer of a publisher, the offer of a client-offer subscription, and the offer KMS generates for a server-offer
 * subscription — each first try and each reconnection (openvidu-server 2.32's {@code KurentoSessionManager}). Answers
 * are not touched.
 *
 * @param forcedCodec       rtpmap name of the only video codec left in those SDPs ({@code VP8}, {@code VP9},
 *                          {@code H264}); null: SDPs are left as they are ({@code NONE})
 * @param allowTranscoding  when an SDP lacks the codec: true, it goes unchanged and KMS transcodes if it must;
 *                          false, the step is refused ({@link PipelineException.Kind#FORCED_CODEC_NOT_FOUND}, which
 *                          openvidu-server answers with 800 FORCED_CODEC_NOT_FOUND_IN_SDPOFFER)
 */
public record CodecPolicy(String forcedCodec, boolean allowTranscoding) {

    /** No munging: {@code forcedVideoCodec} NONE. */
    public static final CodecPolicy NONE = new CodecPolicy(null, false);

    /** openvidu-server's default: the media server's preferred codec, VP8 for Kurento, without transcoding. */
    public static final CodecPolicy OPENVIDU_DEFAULT = of(VideoCodec.MEDIA_SERVER_PREFERRED, false);

    /** A session's choice; {@code MEDIA_SERVER_PREFERRED} resolves to VP8 as openvidu-server resolves it for Kurento. */
    public static CodecPolicy of(VideoCodec forcedVideoCodec, boolean allowTranscoding) {
        VideoCodec resolved = forcedVideoCodec.resolvedForKurento();
        return resolved == VideoCodec.NONE ? NONE : new CodecPolicy(resolved.name(), allowTranscoding);
    }

    /**
     * The SDP with only the forced codec left, or unchanged (no forced codec; or the codec is missing and transcoding
     * is allowed).
     *
     * @param endpoint    the endpoint the SDP is for (error message)
     * @param reconnecting whether a reconnectStream asked for it (error message, as openvidu-server words it)
     * @throws PipelineException FORCED_CODEC_NOT_FOUND when the codec is missing and transcoding is not allowed
     */
    String apply(String sdp, MediaEndpoint endpoint, String sessionId, boolean reconnecting) {
        if (forcedCodec == null) {
            return sdp;
        }
        try {
            return VideoCodecSdp.keepOnly(forcedCodec, sdp);
        } catch (VideoCodecSdp.CodecNotFound missing) {
            if (allowTranscoding) {
                return sdp;
            }
            boolean publisher = endpoint.kind() == MediaEndpoint.Kind.PUBLISHER;
            // openvidu-server's wording, with the endpoint's name where it names the participant (it also appends
            // the whole SDP, which the client sent and does not need back).
            throw new PipelineException(PipelineException.Kind.FORCED_CODEC_NOT_FOUND, "Error forcing codec: '"
                    + forcedCodec + "', for endpoint: '" + endpoint.name() + "' in Session: '" + sessionId
                    + "'. Is publishing: '" + publisher + "'. Is Subscriber: '" + !publisher + "'. Is Reconnecting: '"
                    + reconnecting + "'.\nException: " + missing.getMessage());
        }
    }
}
