package io.vidgate.broker.kms;

import io.vidgate.broker.pipeline.VideoBandwidth;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code vidgate.kurento.video-bandwidth.*}: the video bandwidth limits (kbps) every WebRtcEndpoint gets unless its
 * connection's {@code kurentoOptions} sets its own — openvidu-server's {@code OPENVIDU_STREAMS_VIDEO_*_BANDWIDTH},
 * with its defaults. 0 means no limit for a maximum.
 *
 * @param maxRecv most a publisher's browser may send to KMS ({@code setMaxVideoRecvBandwidth})
 * @param minRecv least KMS asks a publisher's browser for ({@code setMinVideoRecvBandwidth})
 * @param maxSend most KMS sends a subscriber's browser ({@code setMaxVideoSendBandwidth})
 * @param minSend least KMS sends a subscriber's browser, even when its estimate is lower
 *                ({@code setMinVideoSendBandwidth})
 */
@Validated
@ConfigurationProperties("vidgate.kurento.video-bandwidth")
public record VideoBandwidthProperties(
        @DefaultValue("1000") int maxRecv,
        @DefaultValue("300") int minRecv,
        @DefaultValue("1000") int maxSend,
        @DefaultValue("300") int minSend) {

    public VideoBandwidthProperties {
        requireKbps("max-recv", maxRecv);
        requireKbps("min-recv", minRecv);
        requireKbps("max-send", maxSend);
        requireKbps("min-send", minSend);
        requireOrdered("recv", minRecv, maxRecv);
        requireOrdered("send", minSend, maxSend);
    }

    public VideoBandwidth toBandwidth() {
        return new VideoBandwidth(maxRecv, minRecv, maxSend, minSend);
    }

    private static void requireKbps(String name, int kbps) {
        if (kbps < 0) {
            throw new IllegalArgumentException("vidgate.kurento.video-bandwidth." + name + " is kbps, 0 or more, was "
                    + kbps);
        }
    }

    /** A minimum above its maximum is a typo, not a wish KMS could honour. */
    private static void requireOrdered(String direction, int min, int max) {
        if (max > 0 && min > max) {
            throw new IllegalArgumentException("vidgate.kurento.video-bandwidth.min-" + direction + " (" + min
                    + ") is above max-" + direction + " (" + max + ")");
        }
    }
}
