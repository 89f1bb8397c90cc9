package io.vidgate.broker.recording;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vidgate.recording.*}: OpenVidu's recording settings ({@code OPENVIDU_RECORDING},
 * {@code OPENVIDU_RECORDING_PATH}, {@code OPENVIDU_RECORDING_NOTIFICATION}, {@code OPENVIDU_RECORDING_AUTOSTOP_TIMEOUT}).
 *
 * @param enabled         off by default, as OpenVidu's: every recordings call (and the download) answers 501
 * @param path            where recordings are written, one folder per recording; unset: {@code recordings} under
 *                        {@code vidgate.data-dir}
 * @param kurentoPath     the same folder as Kurento sees it, a {@code file://} URI (Kurento writes the media files:
 *                        in another container it is a shared volume mounted elsewhere); unset: {@code path}'s
 * @param notification    who is told {@code recordingStarted} / {@code recordingStopped}
 * @param autostopTimeout how long a recording goes on once its session has nobody publishing, before it stops with
 *                        reason {@code automaticStop}; 0 stops it at once ({@code lastParticipantLeft} when the last
 *                        participant left)
 */
@ConfigurationProperties("vidgate.recording")
public record RecordingProperties(
        @DefaultValue("false") boolean enabled,
        Path path,
        URI kurentoPath,
        @DefaultValue("publisher_moderator") RecordingNotification notification,
        @DefaultValue("120s") Duration autostopTimeout) {

    public RecordingProperties {
        if (kurentoPath != null && !"file".equals(kurentoPath.getScheme())) {
            throw new IllegalArgumentException("vidgate.recording.kurento-path must be a file:// URI (the folder as "
                    + "Kurento sees it), not '" + kurentoPath + "'");
        }
        if (autostopTimeout.isNegative()) {
            throw new IllegalArgumentException("vidgate.recording.autostop-timeout must be 0 or more, was "
                    + autostopTimeout);
        }
    }

    /** The folder recordings go to: {@code path}, or {@code recordings} under the data directory. */
    public Path directory(Path dataDir) {
        return (path != null ? path : dataDir.resolve("recordings")).toAbsolutePath().normalize();
    }

    /** {@link #directory} as Kurento sees it, ending in {@code /}: {@code kurento-path}, or the directory's own URI. */
    public String kurentoDirectory(Path directory) {
        String uri = kurentoPath != null ? kurentoPath.toString() : directory.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
