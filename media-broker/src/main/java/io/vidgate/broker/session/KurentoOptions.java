package io.vidgate.broker.session;

import java.util.List;

/**
 * Per-connection bandwidth limits (kbps) and the filters a connection may apply, as OpenVidu's
 * {@code kurentoOptions}. Null means "not set": the media layer uses its defaults.
 */
public record KurentoOptions(
        Integer videoMaxRecvBandwidth,
        Integer videoMinRecvBandwidth,
        Integer videoMaxSendBandwidth,
        Integer videoMinSendBandwidth,
        List<String> allowedFilters) {

    public KurentoOptions {
        allowedFilters = allowedFilters == null ? List.of() : List.copyOf(allowedFilters);
    }
}
