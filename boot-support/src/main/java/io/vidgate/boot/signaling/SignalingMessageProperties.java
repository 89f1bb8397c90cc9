package io.vidgate.boot.signaling;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The largest {@code /openvidu} message ({@code vidgate.signaling.max-message-bytes}), all its fragments together,
 * shared by the gateway's edge and the broker's WebSocket (config/vidgate.yml is read by both): two hops with two
 * limits would let the edge admit a message the broker then refuses by closing the socket, with no answer. SDP
 * offers are tens of KiB (more with many tracks and codecs). A larger message closes the socket with 1009, the
 * reason naming this property.
 *
 * @param maxMessageBytes from 1 KiB to 16 MiB
 */
@ConfigurationProperties("vidgate.signaling")
public record SignalingMessageProperties(@DefaultValue("262144") int maxMessageBytes) {

    public static final String PROPERTY = "vidgate.signaling.max-message-bytes";
    static final int MIN = 1024;
    static final int MAX = 16 * 1024 * 1024;

    public SignalingMessageProperties {
        if (maxMessageBytes < MIN || maxMessageBytes > MAX) {
            throw new IllegalArgumentException(PROPERTY + " must be between " + MIN + " and " + MAX + ", was "
                    + maxMessageBytes);
        }
    }

    /** The reason of a 1009 close: names the limit, so that an operator seeing it knows what to raise. */
    public String tooBigReason() {
        return "Message over " + PROPERTY + " (" + maxMessageBytes + " bytes)";
    }
}
