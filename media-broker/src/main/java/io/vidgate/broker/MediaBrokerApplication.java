package io.vidgate.broker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The media broker: OpenVidu 2 signaling, session state and Kurento pipelines. Reached only through the gateway,
 * so it listens on loopback by default.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MediaBrokerApplication {

    public static void main(String[] args) {
        SpringApplication.run(MediaBrokerApplication.class, args);
    }
}
