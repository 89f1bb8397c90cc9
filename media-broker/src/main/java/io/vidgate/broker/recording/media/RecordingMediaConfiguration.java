package io.vidgate.broker.recording.media;

import java.time.Clock;

import io.vidgate.broker.room.Rooms;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recordings' media on Kurento, told of every room's streams. */
@Configuration(proxyBeanMethods = false)
public class RecordingMediaConfiguration {

    @Bean
    RecordingMedia recordingMedia(Rooms rooms) {
        return new KurentoRecordingMedia(rooms, Clock.systemUTC());
    }
}
