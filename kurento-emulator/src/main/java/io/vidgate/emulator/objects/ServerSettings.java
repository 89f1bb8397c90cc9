package io.vidgate.emulator.objects;

import io.vidgate.emulator.media.Ffmpeg;
import io.vidgate.emulator.webrtc.WebRtcPeerFactory;
import java.time.Duration;

/**
 * What the object world needs from the emulator's options.
 *
 * @param hostAddress the address announced in host ICE candidates
 * @param sessionGcPeriod how long a session may stay without a connection before its objects are
 *     released (KMS: 240 s, {@code mediaServer.resources.garbageCollectorPeriod}); zero disables
 * @param ffmpeg what RecorderEndpoints write their files with
 */
public record ServerSettings(String hostAddress, WebRtcPeerFactory peerFactory,
    Duration sessionGcPeriod, Ffmpeg ffmpeg) {}
