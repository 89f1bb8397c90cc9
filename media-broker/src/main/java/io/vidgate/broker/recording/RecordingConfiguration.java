package io.vidgate.broker.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import io.vidgate.boot.config.ConfigurationProblem;
import io.vidgate.boot.config.DataDirectoryProperties;
import io.vidgate.broker.facts.FactStream;
import io.vidgate.broker.recording.media.RecordingMedia;
import io.vidgate.broker.room.Rooms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recordings service. It always exists (the REST API answers 501 through it when recording is off); with
 * {@code vidgate.recording.enabled} it checks its folder at start — one it cannot write stops the broker, as
 * openvidu-server refuses an unwritable {@code OPENVIDU_RECORDING_PATH} — and hears every room's streams.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RecordingProperties.class, DataDirectoryProperties.class})
public class RecordingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RecordingConfiguration.class);

    @Bean(destroyMethod = "close")
    RecordingService recordingService(RecordingProperties recording, DataDirectoryProperties data, Rooms rooms,
            ObjectProvider<RecordingMedia> media, FactStream facts) {
        Path directory = recording.directory(data.dataDir());
        RecordingService service = new RecordingService(recording, directory, rooms, media::getIfAvailable, facts,
                Clock.systemUTC());
        if (recording.enabled()) {
            try {
                service.open();
            } catch (IOException | UncheckedIOException | SecurityException failed) {
                throw new ConfigurationProblem("vidgate.recording.path: cannot write recordings in '" + directory
                        + "' (" + failed + ")", failed);
            }
            rooms.addMediaListener(service);
            log.info("Recording on: recordings in {} (Kurento writes them at {}), participants told: {}", directory,
                    recording.kurentoDirectory(directory), recording.notification().name().toLowerCase());
        }
        return service;
    }
}
