package io.vidgate.broker.pipeline;

import io.vidgate.broker.session.KurentoOptions;

/**
 * The video bandwidth limits (kbps) a WebRtcEndpoint is given, all four on every endpoint, publisher or subscription,
 * as openvidu-server 2.32 does ({@code MediaEndpoint}): what it receives from its browser (recv) and what it sends to
 * it (send). KMS reads 0 as "no limit" for the maxima.
 */
public record VideoBandwidth(int maxRecvKbps, int minRecvKbps, int maxSendKbps, int minSendKbps) {

    /** openvidu-server's {@code OPENVIDU_STREAMS_VIDEO_MAX/MIN_RECV/SEND_BANDWIDTH} defaults. */
    public static final VideoBandwidth OPENVIDU_DEFAULTS = new VideoBandwidth(1000, 300, 1000, 300);

    public VideoBandwidth {
        if (maxRecvKbps < 0 || minRecvKbps < 0 || maxSendKbps < 0 || minSendKbps < 0) {
            throw new IllegalArgumentException("Video bandwidths are kbps, 0 or more: " + maxRecvKbps + "/"
                    + minRecvKbps + "/" + maxSendKbps + "/" + minSendKbps);
        }
    }

    /** These limits, with each one the connection's {@code kurentoOptions} sets taking its place (null: none set). */
    public VideoBandwidth overriddenBy(KurentoOptions options) {
        if (options == null) {
            return this;
        }
        return new VideoBandwidth(or(options.videoMaxRecvBandwidth(), maxRecvKbps),
                or(options.videoMinRecvBandwidth(), minRecvKbps), or(options.videoMaxSendBandwidth(), maxSendKbps),
                or(options.videoMinSendBandwidth(), minSendKbps));
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }
}
